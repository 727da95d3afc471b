import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { createRoundCloseActivities } from '@uplift/activities';
import { StepRefusedError } from '@uplift/domain';
import type { CloseQueue } from '@uplift/persistence';
import type { JourneyClient } from '@uplift/temporal';

/** The round-close activities wired to Temporal: cancellations as journey Updates, the launch stopped by cancelling it. */
export function roundCloseActivities(queue: CloseQueue, client: Client, journeys: JourneyClient) {
  return createRoundCloseActivities({
    queue,
    cancelJourney: async (id, actor, updateId, launched) => {
      try {
        // An Update to a workflow that does not exist is slow to fail; a describe answers at once.
        if (!launched) await client.workflow.getHandle(id).describe();
        await journeys.step(id, 'cancellation', { actor, payload: { reason: 'round closed' } }, updateId);
        return 'cancelled';
      } catch (err) {
        if (err instanceof StepRefusedError) return 'ended';
        if (err instanceof WorkflowNotFoundError) return 'missing';
        throw err;
      }
    },
    stopLaunch: async (roundId) => {
      const handle = client.workflow.getHandle(`launch-${roundId}`);
      try {
        if ((await handle.describe()).status.name !== 'RUNNING') return true;
        await handle.cancel();
        return false;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return true;
        throw err;
      }
    },
  });
}
