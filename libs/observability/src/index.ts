export * from './http-metrics';
export * from './logger';
export * from './metrics';
export * from './metrics-server';
export * from './nest-logger';
export * from './temporal-logger';
