import { type Client, isGrpcServiceError } from '@temporalio/client';

/** gRPC's NOT_FOUND and FAILED_PRECONDITION: no such pending activity, or its run has closed. */
const NOT_PENDING = new Set([5, 9]);

/** One activity of a workflow run, as Temporal names it. */
export interface PendingActivity {
  workflowId: string;
  runId: string;
  activityId: string;
}

/**
 * An operator's hand on an activity Temporal keeps retrying. `ResetActivity` sets its attempt back
 * to 1 and schedules it at once instead of after the retry policy's backoff (up to 10 minutes for an
 * email); the Temporal server answers it without any dynamic config (checked on the CLI's dev server,
 * Server 1.29.1).
 */
export class ActivityControl {
  constructor(
    private readonly client: Client,
    private readonly namespace: string,
  ) {}

  /** `not_pending` when the activity (or its workflow run) no longer waits for an attempt. */
  async runNow(activity: PendingActivity, identity: string): Promise<'scheduled' | 'not_pending'> {
    try {
      await this.client.workflowService.resetActivity({
        namespace: this.namespace,
        execution: { workflowId: activity.workflowId, runId: activity.runId },
        id: activity.activityId,
        identity,
      });
      return 'scheduled';
    } catch (err) {
      if (isGrpcServiceError(err) && NOT_PENDING.has(err.code)) return 'not_pending';
      throw err;
    }
  }
}
