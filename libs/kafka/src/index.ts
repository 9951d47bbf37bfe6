export * from './message-bus.port';
export * from './kafka-connection';
export * from './create-message-bus';
export * from './dead-letter';
export * from './topic-bootstrap';
export * from './offsets';
export * from './article-event-message';
export * from './raw-trace';
