export * from './journey-activities';
export * from './launch-activities';
export * from './round-close-activities';
