export * from './read-model.store';
export * from './read-model.schemas';
export * from './storage.error';
export { embeddedDataDir, type DatabaseOptions } from './database';
export * from './embedded-postgres';
