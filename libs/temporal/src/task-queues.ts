/** The workflow type every journey runs; changing it would orphan running journeys. */
export const JOURNEY_WORKFLOW = 'journeyWorkflow';

/** One per round: starts the journeys an import stored. */
export const ROUND_LAUNCH_WORKFLOW = 'roundLaunchWorkflow';
