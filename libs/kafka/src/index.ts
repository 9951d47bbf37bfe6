export * from './message-bus.port';
export * from './kafkajs-bus';
export * from './dead-letter';
export * from './topic-bootstrap';
export * from './offsets';
export * from './article-event-message';
export * from './raw-trace';
