// The worker's workflowsPath: every workflow type the task queue serves.
export { journeyWorkflow } from './journey.workflow';
