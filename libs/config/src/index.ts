export * from './config';
export * from './config.module';
export * from './payload-keys';
export * from './project-root';
