import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { createBatchActivities } from '@uplift/activities';
import type { BatchRepository, LaunchQueue } from '@uplift/persistence';
import type { JourneyClient } from '@uplift/temporal';

/** The batch activities wired to Temporal: each journey's step as its Update, its history when it has ended. */
export function batchActivities(
  batches: BatchRepository,
  queue: LaunchQueue,
  client: Client,
  journeys: JourneyClient,
) {
  return createBatchActivities({
    batches,
    queue,
    startJourney: (input) => journeys.start(input),
    takeStep: async (id, action, command, updateId) => {
      try {
        await journeys.step(id, action, command as never, updateId);
        return 'applied';
      } catch (err) {
        // An Update to a workflow that has ended: the journey ended between the read and the send.
        if (err instanceof WorkflowNotFoundError) return 'gone';
        throw err;
      }
    },
    wasApplied: async (id, updateId) => {
      try {
        const history = await client.workflow.getHandle(id).fetchHistory();
        return (history.events ?? []).some(
          (e) =>
            e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === updateId,
        );
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }
    },
  });
}
