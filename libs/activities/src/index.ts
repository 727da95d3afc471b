export * from './journey-activities';
export * from './launch-activities';
export * from './round-close-activities';
export * from './batch-activities';
export * from './notification-activities';
