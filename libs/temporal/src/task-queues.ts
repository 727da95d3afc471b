/** The workflow type every journey runs; changing it would orphan running journeys. */
export const JOURNEY_WORKFLOW = 'journeyWorkflow';

/** One per round: starts the journeys an import stored. */
export const ROUND_LAUNCH_WORKFLOW = 'roundLaunchWorkflow';

/** One per bulk action (`batch-<batchId>`): takes a step on each of the batch's journeys. */
export const BATCH_WORKFLOW = 'batchWorkflow';

/**
 * Run by the notification Schedule every few seconds on its own; a count of "what a request started"
 * leaves these runs out.
 */
export const NOTIFICATION_DISPATCH_WORKFLOW = 'notificationDispatchWorkflow';
