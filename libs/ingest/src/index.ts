export * from './feed-item';
export * from './feeds-file.schema';
export * from './feeds-file';
export * from './split-document';
export * from './content-hash';
export * from './ingest-state';
export * from './poll-schedule';
export * from './http-fetch';
