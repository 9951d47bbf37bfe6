export * from './topics';
export * from './canonical-story.schema';
export * from './attribution.schema';
export * from './wire-messages.schema';
export * from './article-events.schema';
export * from './dlq';
export * from './article-projection.schema';
export * from './upcasters';
