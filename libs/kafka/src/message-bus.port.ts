import type { TopicSpec } from '@newswire/contracts';
import type { TopicState } from './shared/topic-drift';

/**
 * Our own small interface over the Kafka client, so that the client can be swapped (kafkajs is
 * unmaintained; faster clients are measured against it). Nothing outside libs/kafka sees the client.
 */
export interface InMessage {
  topic: string;
  partition: number;
  /** Offset as a decimal string (Kafka offsets are 64-bit). */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface OutMessage {
  topic: string;
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
  partition?: number;
}

export interface Producer {
  send(messages: OutMessage[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A producer for a source of the log (the ingest app): each `transact` writes its messages in ONE
 * Kafka transaction under a stable transactional id, so a source's raw messages and the state that
 * says it sent them commit together. Opening one fences the id's previous holder (an instance that
 * died or was moved) and aborts its open transaction.
 */
export interface TransactionalProducer {
  /** Commits these messages together, or throws; after a throw, `fence` before reading what committed. */
  transact(messages: OutMessage[]): Promise<void>;
  /**
   * Takes the id again with a fresh producer: a transaction whose commit failed or went unanswered
   * is then settled (committed or aborted), and a read_committed reader sees which.
   */
  fence(): Promise<void>;
  close(): Promise<void>;
}

export interface TopicOffsets {
  partition: number;
  low: string;
  high: string;
}

export interface Admin {
  ensureTopics(specs: TopicSpec[]): Promise<string[]>;
  /** Partitions of these existing topics and their values of `configKeys` (config undefined if unreadable). */
  describeTopics(names: string[], configKeys: string[]): Promise<TopicState[]>;
  /** Sets these configs on each topic, leaving its other configs as they are. */
  alterTopicConfigs(changes: Map<string, Record<string, string>>): Promise<void>;
  deleteTopics(names: string[]): Promise<void>;
  listTopics(): Promise<string[]>;
  topicOffsets(topic: string): Promise<TopicOffsets[]>;
  /** Committed offsets of a group (Kafka-side), per partition; '-1' when none. */
  groupOffsets(groupId: string, topic: string): Promise<{ partition: number; offset: string }[]>;
  resetGroupOffsets(groupId: string, topic: string, to: 'earliest' | 'latest'): Promise<void>;
  close(): Promise<void>;
}

/**
 * What a stage does with one input message: the messages to write (in the same transaction as the
 * input offset), or a typed failure that sends the original to the dead-letter topic.
 */
/** What a handler may do besides returning outputs: keep its group membership alive during long work. */
export interface HandlerContext {
  heartbeat(): Promise<void>;
}

export type StageHandler = (
  message: InMessage,
  context: HandlerContext,
) => Promise<OutMessage[]> | OutMessage[];

export interface PipelineOptions {
  /** Name used in logs, metrics, DLQ headers and transactional ids. */
  stage: string;
  groupId: string;
  topics: string[];
  dlqTopic: string;
  handler: StageHandler;
  fromBeginning?: boolean;
  /** Largest number of input messages per transaction. */
  maxBatch?: number;
  /**
   * Least time between the starts of two rounds (fetch, process, commit) on @platformatic/kafka:
   * under light load fewer, larger transactions. Default 0.
   */
  minRoundMs?: number;
  sessionTimeoutMs?: number;
  /** Called inside the transaction after the outputs are sent and before the commit; throwing aborts. */
  beforeCommit?: (info: { topic: string; partition: number; count: number }) => Promise<void> | void;
  /** Called after a batch has committed (offsets are the next to read). */
  onCommitted?: (info: {
    topic: string;
    partition: number;
    nextOffset: string;
    /** The partition's high watermark when the batch was fetched (lag = highWatermark - nextOffset). */
    highWatermark: string;
    count: number;
    ms: number;
  }) => void;
  /** Called when a batch failed and was aborted: stateful handlers must drop state not backed by the log. */
  onAborted?: (error: unknown) => Promise<void> | void;
  /** Called when the group assigns partitions to this instance (stateful stages rebuild state here). */
  onAssigned?: () => void;
  /**
   * Called on each assignment with every partition this instance now reads, before any fetch, so
   * that its lag is known at once (not from its first batch on). On kafkajs, after the join and
   * before the assignment's first batch is handled.
   */
  onPositions?: (positions: PartitionPosition[]) => void;
  onDeadLetter?: (info: { code: string; message: string; input: InMessage }) => void;
}

/** Where an assigned partition is read from, against its end: its lag is highWatermark - nextOffset. */
export interface PartitionPosition {
  topic: string;
  partition: number;
  highWatermark: string;
  nextOffset: string;
}

export interface RunningConsumer {
  stop(): Promise<void>;
  /** Resolves when the consumer has joined its group and has been assigned partitions. */
  joined(): Promise<void>;
}

/** Where a sink's batch comes from. */
export interface SinkPartition {
  topic: string;
  partition: number;
  /** The partition's high watermark when the batch was fetched. */
  highWatermark: string;
  /**
   * Where the partition is read on from after the batch: past its last message and the transaction
   * markers fetched with it, so that the lag, highWatermark - nextOffset, is 0 once drained.
   */
  nextOffset: string;
}

export interface SinkOptions {
  stage: string;
  groupId: string;
  topics: string[];
  sessionTimeoutMs?: number;
  /** As PipelineOptions.minRoundMs: fewer, larger batches under light load. Default 0. */
  minRoundMs?: number;
  /** Where to start each assigned partition: the sink's own stored offsets (exactly-once sinks). */
  startOffsets?: (topic: string, partition: number) => Promise<string | undefined>;
  fromBeginning?: boolean;
  /**
   * Processes a batch of one partition; must make it durable before resolving. Batches of
   * different partitions may be handled at the same time (each partition's strictly in order). It may instead
   * return an offset to rewind the partition to (its store is behind what Kafka delivered), and the
   * batch is then dropped and read again from there.
   */
  handleBatch: (messages: InMessage[], partition: SinkPartition) => Promise<void | { rewindTo: string }>;
  /** Commit offsets to Kafka too after handleBatch (for lag tooling); the sink's store stays the truth. */
  commitToKafka?: boolean;
  /** As PipelineOptions.onPositions. */
  onPositions?: (positions: PartitionPosition[]) => void;
}

export interface ReadToEndOptions {
  from?: 'earliest' | { [partition: number]: string };
  fromTimestamp?: number;
  /** Partitions handed to `onBatch` at the same time (each partition's batches stay in order). */
  concurrency?: number;
}

export interface MessageBus {
  producer(options?: { idempotent?: boolean }): Promise<Producer>;
  admin(): Promise<Admin>;
  /** See TransactionalProducer; `timeoutMs` is the broker's transaction timeout (default 60 s). */
  transactionalProducer(
    transactionalId: string,
    options?: { timeoutMs?: number },
  ): Promise<TransactionalProducer>;
  /** Transactional consume-process-produce: outputs and input offsets commit atomically. */
  runPipeline(options: PipelineOptions): Promise<RunningConsumer>;
  /** A consumer that hands batches to a sink which stores its own offsets (e.g. in PostgreSQL). */
  runSink(options: SinkOptions): Promise<RunningConsumer>;
  /** Reads a topic from the given offsets up to its current end (read_committed), then stops. */
  readToEnd(
    topic: string,
    onBatch: (messages: InMessage[]) => Promise<void> | void,
    options?: ReadToEndOptions,
  ): Promise<number>;
  close(): Promise<void>;
}
