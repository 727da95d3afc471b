import { proxyActivities } from '@temporalio/workflow';
import type { Actor } from '@uplift/domain/principal';
import type { RoundCloseActivities } from '@uplift/activities/round-close-activities';

const { stopRoundLaunch, cancelOpenJourneys, finishRoundClose } = proxyActivities<RoundCloseActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface RoundCloseInput {
  roundId: string;
  /** Who closed the round: each journey's cancellation is theirs. */
  actor: Actor;
}

/**
 * Ends a closed round's open journeys, in the background and durably (`close-<roundId>`). The API has
 * already marked the round closed, which stops its launcher and refuses every step; this stops the
 * launch workflow, then cancels the open journeys batch by batch. A worker that dies mid-batch loses
 * nothing: the batch is retried from its last heartbeat, and each journey's cancellation carries one
 * Update id, so none is applied twice.
 */
export async function roundCloseWorkflow(input: RoundCloseInput): Promise<{ cancelled: number }> {
  await stopRoundLaunch({ roundId: input.roundId });
  let cancelled = 0;
  let afterId = '';
  for (;;) {
    const batch = await cancelOpenJourneys({ roundId: input.roundId, actor: input.actor, afterId });
    cancelled += batch.cancelled;
    afterId = batch.afterId;
    if (!batch.more) break;
  }
  await finishRoundClose({ roundId: input.roundId });
  return { cancelled };
}
