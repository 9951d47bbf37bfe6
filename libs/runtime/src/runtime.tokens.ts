/** Injection tokens for what every app gets from RuntimeModule. */
export const CONFIG = Symbol('newswire.config');
export const LOGGER = Symbol('newswire.logger');
export const BUS = Symbol('newswire.bus');
export const METRICS = Symbol('newswire.metrics');
export const TOPIC_NAMES = Symbol('newswire.topics');
