import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { LaunchActivities } from '@uplift/activities/launch-activities';
import { launchRequested } from './definitions';

const { launchPendingJourneys } = proxyActivities<LaunchActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface RoundLaunchInput {
  roundId: string;
  launched?: number;
}

/**
 * Starts the journey workflows of a round's stored candidates, batch by batch, at the pace the
 * Temporal server accepts (the activity keeps a bounded number of starts in flight and backs off
 * on errors through its retries). One per round (`launch-<roundId>`); a process that dies mid-launch
 * loses nothing: the activity is retried and the journeys' deterministic ids make a repeated start a
 * no-op. It lingers a minute after the last batch and looks once more, for rows an import stored
 * after asking.
 */
export async function roundLaunchWorkflow(input: RoundLaunchInput): Promise<{ launched: number }> {
  let requested = true;
  let launched = input.launched ?? 0;
  setHandler(launchRequested, () => void (requested = true));

  for (let batches = 0; batches < 500;) {
    requested = false;
    for (;;) {
      const batch = await launchPendingJourneys({ roundId: input.roundId });
      launched += batch.launched;
      batches++;
      if (!batch.more) break;
    }
    if (!(await condition(() => requested, '1 minute'))) {
      const last = await launchPendingJourneys({ roundId: input.roundId });
      launched += last.launched;
      if (last.launched === 0 && !last.more && !requested) return { launched };
    }
  }
  // Keep the history short on a very long launch.
  return continueAsNew<typeof roundLaunchWorkflow>({ roundId: input.roundId, launched });
}
