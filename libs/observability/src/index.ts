export * from './logger';
export * from './nest-logger';
export * from './metrics';
export * from './ingest-metrics';
export * from './tracing';
export * from './webhook-metrics';
