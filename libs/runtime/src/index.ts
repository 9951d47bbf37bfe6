export * from './runtime.tokens';
export * from './runtime.module';
export * from './bootstrap';
export * from './stage-runner';
export * from './stage.service';
export * from './parse-message';
export * from './read-model.provider';
export * from './health-report';
