/** The workflow type every journey runs; changing it would orphan running journeys. */
export const JOURNEY_WORKFLOW = 'journeyWorkflow';
