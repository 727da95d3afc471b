import { heartbeat } from '@temporalio/activity';
import { type JourneyInput, initialJourney, journeyInput } from '@uplift/domain';
import type { LaunchQueue } from '@uplift/persistence';

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
  const chunkSize = 200;

  return {
    /**
     * Starts up to one batch of a round's pending journeys, a chunk at a time: the chunk's first
     * states go to the read model in one statement, then its workflows start (told not to write
     * that state again), then the chunk is marked launched. Idempotent: a journey already started
     * (by an attempt that died before marking it) is only marked, and a first state never
     * overwrites a newer one.
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
      let launched = 0;
      for (let from = 0; from < pending.length; from += chunkSize) {
        const startedAt = new Date();
        const inputs = pending
          .slice(from, from + chunkSize)
          .map((j) => journeyInput({ ...j, roundId }, round.settings, startedAt, round.regionCode));
        await deps.queue.recordFirstStates(inputs.map((input) => initialJourney(input, startedAt)));
        // Closing the round waits for this chunk, so every journey it starts is marked before the
        // close looks for launched journeys; once closed, nothing more starts.
        const chunk = await deps.queue.whileOpen(roundId, async (tx) => {
          let started = 0;
          let next = 0;
          const starter = async () => {
            while (next < inputs.length) if (await deps.startJourney(inputs[next++])) started++;
          };
          await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, starter));
          await deps.queue.markLaunched(
            inputs.map((i) => i.id),
            tx,
          );
          return started;
        });
        if (chunk === 'closed') return { launched, more: false };
        launched += chunk;
        heartbeat(launched);
      }
      return { launched, more: pending.length === batchSize };
    },
  };
}

export type LaunchActivities = ReturnType<typeof createLaunchActivities>;
