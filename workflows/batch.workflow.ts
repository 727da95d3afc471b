import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { BatchActivities } from '@uplift/activities/batch-activities';

const { applyBatchItems, finishBatch } = proxyActivities<BatchActivities>({
  startToCloseTimeout: '30 minutes',
  // Heartbeats come with every journey: a dead worker's call is retried half a minute later.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface BatchInput {
  batchId: string;
}

/** Activity calls per run before the history is started afresh. */
const CALLS_PER_RUN = 200;

/**
 * A bulk action (`POST /v1/batches`) in the background, one per batch (`batch-<batchId>`): its items
 * are stored when the batch is made, and each activity call takes the step on the next of them not
 * reached yet and records their outcomes. A worker that dies mid-call loses nothing: the call is
 * retried, finds the items still without an outcome, and sends their Updates again under the same
 * ids, which Temporal applies once.
 */
export async function batchWorkflow(input: BatchInput): Promise<{ done: number }> {
  let done = 0;
  for (let calls = 0; calls < CALLS_PER_RUN; calls++) {
    const chunk = await applyBatchItems({ batchId: input.batchId });
    done += chunk.done;
    if (!chunk.more) {
      await finishBatch({ batchId: input.batchId });
      return { done };
    }
  }
  return continueAsNew<typeof batchWorkflow>(input);
}
