import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import {
  type Actor,
  type BatchAction,
  type Enterprise,
  type JourneyInput,
  type MessageCode,
  type MessageParams,
  type Stage,
  InvalidInputError,
  StepRefusedError,
  batchUpdateId,
  completeStep,
  englishMessage,
  initialJourney,
  isTerminal,
  journeyInput,
  resolveRoundSettings,
} from '@uplift/domain';
import type { BatchItemOutcome, BatchRepository, LaunchQueue, PendingBatchItem } from '@uplift/persistence';

/** What sending a journey its step came to, when its rules did not refuse it. */
export type BatchStepSent = 'applied' | 'gone';

export interface BatchDeps {
  batches: Pick<BatchRepository, 'find' | 'pending' | 'record' | 'finish'>;
  /** The round, and the starts of journeys its launcher has not reached yet. */
  queue: Pick<LaunchQueue, 'round' | 'recordFirstStates' | 'whileOpen' | 'markLaunched'>;
  /** Starts one journey workflow; false when it already exists. */
  startJourney(input: JourneyInput): Promise<boolean>;
  /**
   * Sends the step as the journey's Update under `updateId`: 'applied', or 'gone' when the journey's
   * workflow has ended; a refusal by its validator throws StepRefusedError or InvalidInputError.
   */
  takeStep(
    journeyId: string,
    action: BatchAction,
    command: { actor: Actor; payload: Record<string, unknown> },
    updateId: string,
  ): Promise<BatchStepSent>;
  /** Whether the journey's history holds the Update `updateId` (an ended journey: did this batch end it?). */
  wasApplied(journeyId: string, updateId: string): Promise<boolean>;
  batchSize?: number;
  concurrency?: number;
}

function refusal(code: MessageCode, params: MessageParams, message?: string) {
  return { outcome: 'refused' as const, code, params, message: message ?? englishMessage(code, params) };
}

export function createBatchActivities(deps: BatchDeps) {
  const batchSize = deps.batchSize ?? 1000;
  const concurrency = deps.concurrency ?? 32;
  const chunkSize = 100;

  return {
    /**
     * Takes the batch's step on up to one batch of its items not reached yet, a chunk at a time, and
     * records each outcome as the chunk ends. Each journey's step is its own Update, with an id made
     * of the batch and the journey: an item sent by an attempt that died before recording it is sent
     * again and Temporal answers with the first outcome, so nothing is applied twice. A refusal by
     * the journey's rules is that item's outcome, with the reason its validator gave.
     */
    async applyBatchItems({ batchId }: { batchId: string }): Promise<{ done: number; more: boolean }> {
      const batch = await deps.batches.find(batchId);
      if (!batch) throw ApplicationFailure.nonRetryable(`batch ${batchId} not found`, 'BatchNotFound');
      const round = await deps.queue.round(batch.roundId);
      const items = await deps.batches.pending(batchId, batchSize);
      // A round's change carries the round as it is now (INTERNAL_BATCH_ACTIONS): the latest settings win.
      const payload =
        batch.action === 'round-settings'
          ? { settings: resolveRoundSettings(round.settings), paused: !!round.pausedAt }
          : (completeStep(batch.action, batch.payload as never) as Record<string, unknown>);

      const applyOne = async (item: PendingBatchItem): Promise<BatchItemOutcome> => {
        const updateId = batchUpdateId(batchId, item.journeyId);
        const ended = async (stage: string) =>
          (await deps.wasApplied(item.journeyId, updateId))
            ? { outcome: 'applied' as const }
            : refusal('step.journey_ended', { step: batch.action, stage });
        if (item.stage === null || item.enterprise === null)
          return { journeyId: item.journeyId, ...refusal('http.not_found', { what: 'journey' }) };
        // An ended journey's workflow takes no Update; it may be this batch that ended it (a withdrawal
        // sent by an attempt that died before recording it).
        if (isTerminal(item.stage as Stage))
          return { journeyId: item.journeyId, ...(await ended(item.stage)) };
        if (round.status !== 'open') {
          const params = { round: batch.roundId, status: round.status };
          return { journeyId: item.journeyId, ...refusal('round.closed_for_steps', params) };
        }
        if (!item.launched && (await start(item, batch.roundId, round)) === 'closed') {
          const params = { round: batch.roundId, status: 'closed' };
          return { journeyId: item.journeyId, ...refusal('round.closed_for_steps', params) };
        }
        try {
          const sent = await deps.takeStep(
            item.journeyId,
            batch.action,
            { actor: batch.actor, payload },
            updateId,
          );
          if (sent === 'gone') return { journeyId: item.journeyId, ...(await ended(item.stage)) };
          return { journeyId: item.journeyId, outcome: 'applied' };
        } catch (err) {
          if (err instanceof StepRefusedError) {
            const r = err.refusal;
            const code = r.code ?? 'step.refused';
            const params = r.code ? (r.params ?? {}) : { stage: r.kind === 'stage' ? r.currentStage : '' };
            return { journeyId: item.journeyId, ...refusal(code, params, r.message) };
          }
          if (err instanceof InvalidInputError && err.details[0]?.code) {
            const d = err.details[0];
            return {
              journeyId: item.journeyId,
              ...refusal(d.code!, d.params ?? {}, `${d.field} ${d.message}`),
            };
          }
          throw err;
        }
      };

      /** As the launcher would: first state written, then the start, then marked, under the round's share lock. */
      const start = async (
        item: PendingBatchItem,
        roundId: string,
        round: Pick<Awaited<ReturnType<BatchDeps['queue']['round']>>, 'settings' | 'regionCode'>,
      ) => {
        const startedAt = new Date();
        const input = journeyInput(
          { id: item.journeyId, roundId, enterprise: item.enterprise as Enterprise },
          round.settings,
          startedAt,
          round.regionCode,
        );
        await deps.queue.recordFirstStates([initialJourney(input, startedAt)]);
        return deps.queue.whileOpen(roundId, async (tx) => {
          await deps.startJourney(input);
          await deps.queue.markLaunched([input.id], tx);
        });
      };

      let done = 0;
      for (let from = 0; from < items.length; from += chunkSize) {
        const chunk = items.slice(from, from + chunkSize);
        const outcomes: BatchItemOutcome[] = [];
        let next = 0;
        const worker = async () => {
          while (next < chunk.length) {
            outcomes.push(await applyOne(chunk[next++]));
            heartbeat(done + outcomes.length);
          }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, chunk.length) }, worker));
        await deps.batches.record(batchId, outcomes);
        done += chunk.length;
        heartbeat(done);
      }
      return { done, more: items.length === batchSize };
    },

    /** Marks the batch done, for `GET /v1/batches/{id}`. */
    async finishBatch({ batchId }: { batchId: string }): Promise<void> {
      await deps.batches.finish(batchId);
    },
  };
}

export type BatchActivities = ReturnType<typeof createBatchActivities>;
