import type { FetchedRecord } from './in-message';
import type { KafkajsStyleAdmin } from './kafkajs-style-admin';

/**
 * The slice of @confluentinc/kafka-javascript's kafkajs-compatible API (`.KafkaJS`) that
 * ConfluentBus uses. Declared here rather than imported: the package is an optional dependency
 * compiled at install time, and the project must build and type-check where it is absent.
 */
export interface ConfluentKafkaJS {
  Kafka: new (config: Record<string, unknown>) => ConfluentKafka;
  logLevel: { WARN: number };
}

/** What the client logs through (kafkajs's logger shape). */
export interface ConfluentLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
  debug(message: string, extra?: Record<string, unknown>): void;
  namespace(): ConfluentLogger;
  setLogLevel(level: number): void;
}

export interface ConfluentKafka {
  producer(config: Record<string, unknown>): ConfluentProducer;
  consumer(config: Record<string, unknown>): ConfluentConsumer;
  admin(config?: Record<string, unknown>): ConfluentAdmin;
}

export interface ConfluentTopicMessages {
  topic: string;
  messages: {
    key?: string | Buffer | null;
    value: string | Buffer | null;
    headers?: Record<string, string>;
    partition?: number;
  }[];
}

export interface ConfluentProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  sendBatch(batch: { topicMessages: ConfluentTopicMessages[] }): Promise<unknown>;
  /** Begins a transaction; the producer itself is the transaction (one at a time). */
  transaction(): Promise<ConfluentProducer>;
  sendOffsets(offsets: {
    consumer: ConfluentConsumer;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface ConfluentTopicPartition {
  topic: string;
  partition: number;
  offset?: number;
}

/** librdkafka's rebalance events, as the `rebalance_cb` setting receives them. */
export const ASSIGN_PARTITIONS = -175;

export type RebalanceCallback = (
  error: { code: number },
  assignment: ConfluentTopicPartition[],
) => Promise<ConfluentTopicPartition[] | void>;

export interface ConfluentBatch {
  topic: string;
  partition: number;
  highWatermark: string;
  messages: FetchedRecord[];
}

export type ConfluentEachBatch = (payload: {
  batch: ConfluentBatch;
  resolveOffset(offset: string): void;
  /** A no-op: librdkafka heartbeats on its own thread, and nothing but polling resets max.poll.interval. */
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}) => Promise<void>;

export interface ConfluentConsumer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  subscribe(subscription: { topics: string[] }): Promise<void>;
  run(config: {
    eachBatchAutoResolve?: boolean;
    partitionsConsumedConcurrently?: number;
    eachBatch: ConfluentEachBatch;
  }): Promise<void>;
  seek(at: { topic: string; partition: number; offset: string }): void;
  commitOffsets(offsets: { topic: string; partition: number; offset: string }[]): Promise<void>;
}

/** The kafkajs-style admin calls (its createTopics takes no waitForLeaders), plus confluent's own. */
export interface ConfluentAdmin extends KafkajsStyleAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  fetchTopicOffsetsByTimestamp(
    topic: string,
    timestamp: number,
  ): Promise<{ partition: number; offset: string }[]>;
}
