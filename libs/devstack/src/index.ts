export * from './embedded-postgres';
export * from './mail-catcher';
export * from './ports';
export * from './services';
export * from './supervisor';
export * from './temporal-dev-server';
export * from './temporal-server';
export * from './cluster';
