import { heartbeat } from '@temporalio/activity';
import type { JourneyInput } from '../../domain/src/journey';
import type { LaunchQueue } from '../../persistence/src/repositories/launch-queue';

export interface LaunchDeps {
  queue: LaunchQueue;
  /** Starts one journey workflow; false when it already exists. */
  startJourney(input: JourneyInput): Promise<boolean>;
  batchSize?: number;
  /** Starts kept in flight: enough to keep the server busy, few enough not to swamp it. */
  concurrency?: number;
}

export function createLaunchActivities(deps: LaunchDeps) {
  const batchSize = deps.batchSize ?? 2000;
  const concurrency = deps.concurrency ?? 32;

  return {
    /**
     * Starts up to one batch of a round's pending journeys. Idempotent: a journey already started
     * (by an attempt that died before marking it) is only marked.
     */
    async launchPendingJourneys({
      roundId,
    }: {
      roundId: string;
    }): Promise<{ launched: number; more: boolean }> {
      const round = await deps.queue.round(roundId);
      // A closed round starts nothing more; its stored rows stay as they are.
      if (round.status !== 'open') return { launched: 0, more: false };
      const pending = await deps.queue.pending(roundId, batchSize);
      let next = 0;
      let launched = 0;
      const done: string[] = [];
      const worker = async () => {
        while (next < pending.length) {
          const j = pending[next++];
          if (
            await deps.startJourney({ id: j.id, roundId, enterprise: j.enterprise, settings: round.settings })
          )
            launched++;
          done.push(j.id);
          if (done.length >= 200) {
            await deps.queue.markLaunched(done.splice(0));
            heartbeat(launched);
          }
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
      } finally {
        if (done.length > 0) await deps.queue.markLaunched(done.splice(0));
      }
      return { launched, more: pending.length === batchSize };
    },
  };
}

export type LaunchActivities = ReturnType<typeof createLaunchActivities>;
