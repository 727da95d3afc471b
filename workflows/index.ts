// The worker's workflowsPath: every workflow type the task queue serves.
export { journeyWorkflow } from './journey.workflow';
export { roundLaunchWorkflow } from './round-launch.workflow';
export { roundCloseWorkflow } from './round-close.workflow';
export { batchWorkflow } from './batch.workflow';
export { notificationDispatchWorkflow } from './notification-dispatch.workflow';
