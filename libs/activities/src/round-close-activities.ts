import { activityInfo, heartbeat, sleep } from '@temporalio/activity';
import { type Actor, applyStep, initialJourney } from '@uplift/domain';
import type { CloseQueue } from '@uplift/persistence';

/** What a cancellation Update found: the journey ended now, had ended before, or has no workflow. */
export type CancelOutcome = 'cancelled' | 'ended' | 'missing';

export interface RoundCloseDeps {
  queue: CloseQueue;
  /**
   * Sends the `cancellation` step to one journey under `updateId`, so a retried batch applies it
   * once; `launched: false` says its workflow probably does not exist, worth checking first.
   */
  cancelJourney(id: string, actor: Actor, updateId: string, launched: boolean): Promise<CancelOutcome>;
  /** Asks the round's launch workflow to stop; resolves true once it is no longer running. */
  stopLaunch(roundId: string): Promise<boolean>;
  batchSize?: number;
  concurrency?: number;
}

export const ROUND_CLOSED_REASON = 'round closed';

export interface CancelBatchInput {
  roundId: string;
  actor: Actor;
  /** The last journey id an earlier batch went past. */
  afterId: string;
}

export interface CancelBatchResult {
  cancelled: number;
  afterId: string;
  more: boolean;
}

export function createRoundCloseActivities(deps: RoundCloseDeps) {
  const batchSize = deps.batchSize ?? 1000;
  const concurrency = deps.concurrency ?? 32;
  return {
    /** Stops the round's launch workflow and waits until it has ended (the database fence already stops its starts). */
    async stopRoundLaunch({ roundId }: { roundId: string }): Promise<void> {
      while (!(await deps.stopLaunch(roundId))) {
        heartbeat();
        await sleep(500);
      }
    },

    /**
     * Ends one batch of the round's open journeys as cancelled: a started journey through its own
     * workflow's `cancellation` step (its history says who closed the round); a journey whose
     * workflow never started gets its cancelled state written to the read model. Heartbeats carry
     * the last id done, so a retry after a worker crash resumes there.
     */
    async cancelOpenJourneys(input: CancelBatchInput): Promise<CancelBatchResult> {
      const resumed = activityInfo().heartbeatDetails as { afterId: string } | undefined;
      const from = resumed?.afterId && resumed.afterId > input.afterId ? resumed.afterId : input.afterId;
      const round = await deps.queue.round(input.roundId);
      const rows = await deps.queue.openJourneys(input.roundId, from, batchSize);
      const updateId = `${ROUND_CLOSED_REASON.replace(' ', '-')}:${input.roundId}`;
      let cancelled = 0;
      const chunk = 100;
      for (let at = 0; at < rows.length; at += chunk) {
        const part = rows.slice(at, at + chunk);
        const neverStarted: typeof part = [];
        let next = 0;
        const worker = async () => {
          while (next < part.length) {
            const row = part[next++];
            // A row never recorded was never started (a launcher or a step writes or has the workflow
            // write the first state before marking it launched); one recorded but unlaunched may
            // have a workflow whose start was not marked: ask it first.
            if (!row.launched && !row.recorded) {
              neverStarted.push(row);
              continue;
            }
            const outcome = await deps.cancelJourney(row.id, input.actor, updateId, row.launched);
            // A launched journey's workflow exists: not found means it has ended and been removed.
            if (outcome === 'missing' && !row.launched) neverStarted.push(row);
            else if (outcome === 'cancelled') cancelled++;
          }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, part.length) }, worker));
        const now = new Date();
        await deps.queue.recordStates(
          neverStarted.map((row) => {
            const first = initialJourney(
              { id: row.id, roundId: input.roundId, enterprise: row.enterprise, settings: round.settings },
              now,
            );
            return applyStep(first, 'cancellation', input.actor, { reason: ROUND_CLOSED_REASON }, now).state;
          }),
        );
        cancelled += neverStarted.length;
        heartbeat({ afterId: part[part.length - 1].id });
      }
      return {
        cancelled,
        afterId: rows.length ? rows[rows.length - 1].id : from,
        more: rows.length === batchSize,
      };
    },

    /** Notes that the close is done, for `GET /v1/rounds/{id}`. */
    async finishRoundClose({ roundId }: { roundId: string }): Promise<void> {
      await deps.queue.finish(roundId);
    },
  };
}

export type RoundCloseActivities = ReturnType<typeof createRoundCloseActivities>;
