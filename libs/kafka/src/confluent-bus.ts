import { MAX_MESSAGE_BYTES } from '@newswire/contracts';
import {
  ASSIGN_PARTITIONS,
  type ConfluentKafka,
  type ConfluentKafkaJS,
  type ConfluentLogger,
  type ConfluentEachBatch,
  type ConfluentProducer,
  type ConfluentTopicPartition,
  type RebalanceCallback,
} from './confluent-api';
import { toInMessage } from './in-message';
import { tlsOf, type KafkaConnection } from './kafka-connection';
import { Closers } from './closers';
import { runTransactionalBatch } from './transactional-batch';
import { kafkajsStyleAdmin } from './kafkajs-style-admin';
import { nextOffset as next } from './offsets';
import { ReadToEnd } from './read-to-end';
import { sendParts, topicMessages } from './send-parts';
import type {
  Admin,
  InMessage,
  MessageBus,
  PipelineOptions,
  Producer,
  RunningConsumer,
  SinkOptions,
  ReadToEndOptions,
  TransactionalProducer,
} from './message-bus.port';
import { callDeadlineMs } from './deadline';
import { transactionalProducer } from './transactional-producer';

/** The client, loaded only when chosen: it is a native build that may be missing on this machine. */
function loadClient(): ConfluentKafkaJS {
  try {
    return (require('@confluentinc/kafka-javascript') as { KafkaJS: ConfluentKafkaJS }).KafkaJS;
  } catch (error) {
    throw new Error(
      `KAFKA_CLIENT=confluent: @confluentinc/kafka-javascript cannot be loaded (${(error as Error).message}). ` +
        'It is an optional dependency compiled with its bundled librdkafka when installed; install it with ' +
        '`CKJS_LINKING=dynamic npm install` (needs g++, make, python3 and libssl-dev), or use KAFKA_CLIENT=kafkajs.',
    );
  }
}

/** Producer settings shared by every producer: records up to the topics' own size limit. */
const PRODUCER = { 'message.max.bytes': MAX_MESSAGE_BYTES };

/**
 * MessageBus on @confluentinc/kafka-javascript (librdkafka) through its kafkajs-compatible API.
 * Differences from kafkajs that shape this file: offsets are sent to a transaction with the
 * consumer itself (its group generation fences zombies too), partition assignment is seen through
 * `rebalance_cb` (no GROUP_JOIN event), and librdkafka heartbeats on its own thread, so a handler's
 * heartbeat() cannot lengthen a batch past the session timeout (the curator's rebuild included).
 */
export class ConfluentBus implements MessageBus {
  private readonly kafka: ConfluentKafka;
  private readonly closers = new Closers();

  constructor(private readonly conn: KafkaConnection) {
    const client = loadClient();
    const log = conn.log;
    const at =
      (level: string) =>
      (message: string, extra: Record<string, unknown> = {}) =>
        log?.(level, message, extra);
    const logger: ConfluentLogger = {
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      debug: at('debug'),
      namespace: () => logger,
      setLogLevel: () => undefined,
    };
    const tls = tlsOf(conn);
    this.kafka = new client.Kafka({
      // The kafkaJS block takes only `ssl: true`; the PEMs go to librdkafka's own settings.
      ...(tls?.ca ? { 'ssl.ca.pem': tls.ca } : {}),
      ...(tls?.cert ? { 'ssl.certificate.pem': tls.cert } : {}),
      ...(tls?.key ? { 'ssl.key.pem': tls.key } : {}),
      kafkaJS: {
        clientId: conn.clientId,
        brokers: conn.brokers,
        // Only the settings given: the client reads a present-but-undefined `sasl` as configured.
        ...(tls ? { ssl: true } : {}),
        ...(conn.sasl ? { sasl: conn.sasl } : {}),
        logger,
        logLevel: client.logLevel.WARN,
      },
    });
  }

  async producer(options: { idempotent?: boolean } = {}): Promise<Producer> {
    const p = this.kafka.producer({
      ...PRODUCER,
      kafkaJS: { idempotent: options.idempotent ?? true, acks: -1 },
    });
    await p.connect();
    const close = this.closers.track(() => p.disconnect());
    return {
      send: async (messages) => {
        for (const part of sendParts(messages)) await p.sendBatch({ topicMessages: topicMessages(part) });
      },
      close,
    };
  }

  transactionalProducer(
    transactionalId: string,
    options: { timeoutMs?: number } = {},
  ): Promise<TransactionalProducer> {
    const timeout = options.timeoutMs ?? 60000;
    return transactionalProducer(
      async () => {
        const p = this.kafka.producer({
          ...PRODUCER,
          kafkaJS: { transactionalId, idempotent: true, transactionTimeout: timeout },
        });
        // librdkafka initialises the id (fencing its previous holder) as it connects.
        await p.connect();
        return {
          begin: async () => {
            const tx = await p.transaction();
            return {
              send: async (part) => void (await tx.sendBatch({ topicMessages: topicMessages(part) })),
              commit: () => tx.commit(),
              abort: () => tx.abort(),
            };
          },
          close: () => p.disconnect(),
        };
      },
      callDeadlineMs(timeout / 2),
      (close) => this.closers.track(close),
    );
  }

  async admin(): Promise<Admin> {
    const a = this.kafka.admin();
    await a.connect();
    return kafkajsStyleAdmin(a, {
      close: this.closers.track(() => a.disconnect()),
      waitForLeaders: false,
      resetGroupOffsets: async (groupId, topic, to) => {
        // The compatible admin has no resetOffsets: commit the ends for the (empty) group instead.
        const ends = await a.fetchTopicOffsets(topic);
        const consumer = this.kafka.consumer({ kafkaJS: { groupId, autoCommit: false } });
        await consumer.connect();
        try {
          await consumer.commitOffsets(
            ends.map((e) => ({ topic, partition: e.partition, offset: to === 'earliest' ? e.low : e.high })),
          );
        } finally {
          await consumer.disconnect();
        }
      },
    });
  }

  async runPipeline(o: PipelineOptions): Promise<RunningConsumer> {
    const maxBatch = o.maxBatch ?? 500;
    // One transactional producer per input partition: its transactional id is stable for that
    // partition, so an instance that takes the partition over fences any zombie still holding it.
    const producers = new Map<string, Promise<ConfluentProducer>>();
    const producerFor = (topic: string, partition: number) => {
      const id = `${o.groupId}.${topic}.${partition}`;
      let p = producers.get(id);
      if (!p) {
        const created = this.kafka.producer({
          ...PRODUCER,
          kafkaJS: { transactionalId: id, idempotent: true, transactionTimeout: 60000 },
        });
        p = created.connect().then(() => created);
        producers.set(id, p);
      }
      return p;
    };
    const dropProducer = (topic: string, partition: number) => {
      const id = `${o.groupId}.${topic}.${partition}`;
      const p = producers.get(id);
      producers.delete(id);
      void p?.then((x) => x.disconnect()).catch(() => undefined);
    };
    const { joined, onAssign } = joinedSignal();
    // After every (re)assignment start with fresh producers: their initTransactions fences any other
    // instance that held these partitions, before a stateful stage rebuilds what it knows.
    const rebalance: RebalanceCallback = async (event, assignment) => {
      if (event.code !== ASSIGN_PARTITIONS) return;
      for (const { topic, partition } of assignment) dropProducer(topic, partition);
      o.onAssigned?.();
      onAssign();
    };
    const consumer = this.kafka.consumer({
      kafkaJS: {
        groupId: o.groupId,
        sessionTimeout: o.sessionTimeoutMs ?? 30000,
        heartbeatInterval: Math.min(3000, Math.floor((o.sessionTimeoutMs ?? 30000) / 3)),
        readUncommitted: false,
        autoCommit: false,
        fromBeginning: o.fromBeginning ?? true,
        maxWaitTimeInMs: 100,
        // librdkafka heartbeats from its own thread, so a session never times out under a slow
        // handler; its max.poll.interval (which this client sets to twice rebalanceTimeout) does
        // instead: a batch that outlasts the session timeout makes the member leave the group, and
        // the member taking its partitions over fences its producer, as under kafkajs.
        rebalanceTimeout: Math.floor((o.sessionTimeoutMs ?? 30000) / 2),
      },
      'js.consumer.max.batch.size': maxBatch,
      rebalance_cb: rebalance,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: o.topics });
    const pipelineBatch: ConfluentEachBatch = async (b) => {
      const producer = await producerFor(b.batch.topic, b.batch.partition);
      await runTransactionalBatch(
        o,
        b,
        async () => {
          const txn = await producer.transaction();
          return {
            send: async (part) => void (await txn.sendBatch({ topicMessages: topicMessages(part) })),
            sendOffsets: (topic, partition, offset) =>
              txn.sendOffsets({ consumer, topics: [{ topic, partitions: [{ partition, offset }] }] }),
            commit: () => txn.commit(),
            abort: () => txn.abort(),
          };
        },
        () => dropProducer(b.batch.topic, b.batch.partition),
      );
    };
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 2,
      eachBatch: pipelineBatch,
    });
    const stop = this.closers.track(async () => {
      await consumer.disconnect();
      for (const p of producers.values()) await (await p).disconnect().catch(() => undefined);
    });
    return { stop, joined: () => joined };
  }

  async runSink(o: SinkOptions): Promise<RunningConsumer> {
    const { joined, onAssign } = joinedSignal();
    // The sink's own store is the truth for where to resume: start each assigned partition there.
    const rebalance: RebalanceCallback = async (event, assignment) => {
      if (event.code !== ASSIGN_PARTITIONS) return;
      onAssign();
      if (!o.startOffsets) return;
      const at: ConfluentTopicPartition[] = [];
      for (const { topic, partition } of assignment) {
        const offset = await o.startOffsets(topic, partition);
        at.push(offset === undefined ? { topic, partition } : { topic, partition, offset: Number(offset) });
      }
      return at;
    };
    const consumer = this.kafka.consumer({
      kafkaJS: {
        groupId: o.groupId,
        sessionTimeout: o.sessionTimeoutMs ?? 30000,
        readUncommitted: false,
        autoCommit: false,
        fromBeginning: o.fromBeginning ?? true,
        maxWaitTimeInMs: 100,
        maxBytesPerPartition: 4 * 1024 * 1024,
      },
      'js.consumer.max.batch.size': -1,
      rebalance_cb: rebalance,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: o.topics });
    await consumer.run({
      eachBatchAutoResolve: false,
      // Partitions hold disjoint keys, so a sink may store them side by side (each still in order).
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, resolveOffset }) => {
        if (batch.messages.length === 0) return;
        const messages = batch.messages.map((m) => toInMessage(batch.topic, batch.partition, m));
        const result = await o.handleBatch(messages, {
          topic: batch.topic,
          partition: batch.partition,
          highWatermark: batch.highWatermark,
          // librdkafka hands over no transaction markers: the lag counts the last one.
          nextOffset: next(batch.messages[batch.messages.length - 1].offset),
        });
        if (result) {
          consumer.seek({ topic: batch.topic, partition: batch.partition, offset: result.rewindTo });
          return;
        }
        const last = batch.messages[batch.messages.length - 1].offset;
        resolveOffset(last);
        if (o.commitToKafka !== false) {
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: next(last) },
          ]);
        }
      },
    });
    const stop = this.closers.track(() => consumer.disconnect());
    return { stop, joined: () => joined };
  }

  async readToEnd(
    topic: string,
    onBatch: (messages: InMessage[]) => Promise<void> | void,
    options: ReadToEndOptions = {},
  ): Promise<number> {
    const read = await ReadToEnd.plan(this.kafka.admin(), topic, onBatch, options);
    if (read.empty) return 0;
    // Start every assignment where each partition got to, and only the partitions left to read.
    const rebalance: RebalanceCallback = async (event, assignment) => {
      if (event.code !== ASSIGN_PARTITIONS) return;
      return assignment
        .filter((tp) => read.pending.has(tp.partition))
        .map((tp) => ({ ...tp, offset: Number(read.position.get(tp.partition) ?? '0') }));
    };
    const consumer = this.kafka.consumer({
      kafkaJS: {
        groupId: `${this.conn.clientId}.reader.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}`,
        readUncommitted: false,
        autoCommit: false,
        fromBeginning: true,
        maxWaitTimeInMs: 200,
        maxBytesPerPartition: 8 * 1024 * 1024,
      },
      'js.consumer.max.batch.size': -1,
      rebalance_cb: rebalance,
    });
    await consumer.connect();
    let count: number;
    try {
      await consumer.subscribe({ topics: [topic] });
      await consumer.run({
        partitionsConsumedConcurrently: options.concurrency ?? 1,
        eachBatch: async ({ batch }) => {
          await read.deliver(batch.partition, batch.messages);
          if (batch.messages.length)
            read.mark(batch.partition, batch.messages[batch.messages.length - 1].offset);
        },
      });
      count = await read.finished();
    } finally {
      await consumer.disconnect();
    }
    read.rethrow();
    return count;
  }

  close(): Promise<void> {
    return this.closers.closeAll();
  }
}

/** Resolves on the first assignment; `onAssign` is called on each. */
function joinedSignal(): { joined: Promise<void>; onAssign: () => void } {
  let onAssign!: () => void;
  const joined = new Promise<void>((resolve) => (onAssign = resolve));
  return { joined, onAssign };
}
