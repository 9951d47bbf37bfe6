export * from './read-model.options';
export * from './read-model.writer';
export * from './read-model.queries';
export * from './read-model';
export { VERSION_SNAPSHOT_EVERY } from './version-chunks';
export * from './read-model.schemas';
export * from './storage.error';
export { embeddedDataDir, type DatabaseOptions } from './database';
export * from './embedded-postgres';
