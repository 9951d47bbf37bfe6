import { Kafka, logLevel, type Consumer, type Producer as KProducer, type SASLOptions } from 'kafkajs';
import type { TopicSpec } from '@newswire/contracts';
import { toInMessage } from './in-message';
import type { KafkaConnection } from './kafka-connection';
import { nextOffset as next } from './offsets';
import { sendParts, topicMessages } from './send-parts';
import { stageOutputs } from './stage-outputs';
import type {
  Admin,
  InMessage,
  MessageBus,
  PipelineOptions,
  Producer,
  RunningConsumer,
  SinkOptions,
} from './message-bus.port';

export class KafkajsBus implements MessageBus {
  private readonly kafka: Kafka;
  private readonly closers = new Set<() => Promise<void>>();

  constructor(private readonly conn: KafkaConnection) {
    const log = conn.log;
    this.kafka = new Kafka({
      clientId: conn.clientId,
      brokers: conn.brokers,
      ssl: conn.ssl,
      sasl: conn.sasl as SASLOptions | undefined,
      logLevel: logLevel.WARN,
      logCreator: () => (entry) => {
        const { message, ...extra } = entry.log;
        const level =
          entry.level === logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'info';
        log?.(level, `${entry.namespace}: ${message}`, extra);
      },
      // A transaction step begun before the previous commit has settled (CONCURRENT_TRANSACTIONS) is
      // retried: a short first back-off keeps that from adding 200 ms to a partition's latency, and
      // 12 doublings still outlast a broker restart.
      retry: { initialRetryTime: 50, retries: 12 },
    });
  }

  private track(close: () => Promise<void>): () => Promise<void> {
    const once = async () => {
      this.closers.delete(once);
      await close();
    };
    this.closers.add(once);
    return once;
  }

  async producer(options: { idempotent?: boolean } = {}): Promise<Producer> {
    const p = this.kafka.producer({
      idempotent: options.idempotent ?? true,
      maxInFlightRequests: options.idempotent === false ? undefined : 5,
    });
    await p.connect();
    const close = this.track(() => p.disconnect());
    return {
      send: async (messages) => {
        for (const part of sendParts(messages))
          await p.sendBatch({ topicMessages: topicMessages(part), acks: -1 });
      },
      close,
    };
  }

  async admin(): Promise<Admin> {
    const a = this.kafka.admin();
    await a.connect();
    const close = this.track(() => a.disconnect());
    return {
      ensureTopics: async (specs: TopicSpec[]) => {
        const existing = new Set(await a.listTopics());
        const missing = specs.filter((s) => !existing.has(s.name));
        if (missing.length > 0) {
          await a.createTopics({
            waitForLeaders: true,
            topics: missing.map((s) => ({
              topic: s.name,
              numPartitions: s.partitions,
              replicationFactor: -1,
              configEntries: Object.entries(s.config).map(([name, value]) => ({ name, value })),
            })),
          });
        }
        return missing.map((s) => s.name);
      },
      deleteTopics: async (names) => {
        if (names.length) await a.deleteTopics({ topics: names });
      },
      listTopics: () => a.listTopics(),
      topicOffsets: async (topic) =>
        (await a.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, low: o.low, high: o.high })),
      groupOffsets: async (groupId, topic) => {
        const [res] = await a.fetchOffsets({ groupId, topics: [topic] });
        return (res?.partitions ?? []).map((p) => ({ partition: p.partition, offset: p.offset }));
      },
      resetGroupOffsets: async (groupId, topic, to) => {
        await a.resetOffsets({ groupId, topic, earliest: to === 'earliest' });
      },
      close,
    };
  }

  async runPipeline(o: PipelineOptions): Promise<RunningConsumer> {
    const consumer = this.kafka.consumer({
      groupId: o.groupId,
      sessionTimeout: o.sessionTimeoutMs ?? 30000,
      heartbeatInterval: Math.min(3000, Math.floor((o.sessionTimeoutMs ?? 30000) / 3)),
      readUncommitted: false,
      maxWaitTimeInMs: 100,
    });
    // One transactional producer per input partition: its transactional id is stable for that
    // partition, so an instance that takes the partition over fences any zombie still holding it.
    const producers = new Map<string, Promise<KProducer>>();
    const producerFor = (topic: string, partition: number) => {
      const id = `${o.groupId}.${topic}.${partition}`;
      let p = producers.get(id);
      if (!p) {
        const created = this.kafka.producer({
          transactionalId: id,
          idempotent: true,
          maxInFlightRequests: 1,
          transactionTimeout: 60000,
        });
        p = created.connect().then(() => created);
        producers.set(id, p);
      }
      return p;
    };
    const maxBatch = o.maxBatch ?? 500;
    const dropProducer = (topic: string, partition: number) => {
      const id = `${o.groupId}.${topic}.${partition}`;
      const p = producers.get(id);
      producers.delete(id);
      void p?.then((x) => x.disconnect()).catch(() => undefined);
    };
    // After every (re)assignment start with fresh producers: their initTransactions fences any other
    // instance that held these partitions, before a stateful stage rebuilds what it knows.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) dropProducer(topic, partition);
      }
      o.onAssigned?.();
    });
    const joined = joinedSignal(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: o.topics, fromBeginning: o.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 2,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const producer = await producerFor(batch.topic, batch.partition);
        for (let i = 0; i < batch.messages.length; i += maxBatch) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(i, i + maxBatch);
          const started = Date.now();
          const out = await stageOutputs(
            o,
            chunk.map((m) => toInMessage(batch.topic, batch.partition, m)),
            { heartbeat },
          );
          const last = chunk[chunk.length - 1].offset;
          const txn = await producer.transaction();
          try {
            for (const part of sendParts(out))
              await txn.sendBatch({ topicMessages: topicMessages(part), acks: -1 });
            await o.beforeCommit?.({ topic: batch.topic, partition: batch.partition, count: chunk.length });
            await txn.sendOffsets({
              consumerGroupId: o.groupId,
              topics: [
                { topic: batch.topic, partitions: [{ partition: batch.partition, offset: next(last) }] },
              ],
            });
            await txn.commit();
          } catch (error) {
            await txn.abort().catch(() => undefined);
            // A fenced or broken producer cannot be reused: the retry gets a fresh one.
            dropProducer(batch.topic, batch.partition);
            await o.onAborted?.(error);
            throw error;
          }
          resolveOffset(last);
          o.onCommitted?.({
            topic: batch.topic,
            partition: batch.partition,
            nextOffset: next(last),
            highWatermark: batch.highWatermark,
            count: chunk.length,
            ms: Date.now() - started,
          });
          await heartbeat();
        }
      },
    });
    const stop = this.track(async () => {
      await consumer.disconnect();
      for (const p of producers.values()) await (await p).disconnect().catch(() => undefined);
    });
    return { stop, joined: () => joined };
  }

  async runSink(o: SinkOptions): Promise<RunningConsumer> {
    const consumer = this.kafka.consumer({
      groupId: o.groupId,
      sessionTimeout: o.sessionTimeoutMs ?? 30000,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    const joined = joinedSignal(consumer);
    if (o.startOffsets) {
      // The sink's own store is the truth for where to resume: seek there on every assignment.
      consumer.on(consumer.events.GROUP_JOIN, async ({ payload }) => {
        for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
          for (const partition of partitions) {
            const offset = await o.startOffsets!(topic, partition);
            if (offset !== undefined) consumer.seek({ topic, partition, offset });
          }
        }
      });
    }
    await consumer.connect();
    await consumer.subscribe({ topics: o.topics, fromBeginning: o.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Partitions hold disjoint keys, so a sink may store them side by side (each still in order).
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
        if (batch.messages.length === 0) return;
        const messages = batch.messages.map((m) => toInMessage(batch.topic, batch.partition, m));
        const result = await o.handleBatch(messages, { topic: batch.topic, partition: batch.partition });
        if (result) {
          consumer.seek({ topic: batch.topic, partition: batch.partition, offset: result.rewindTo });
          return;
        }
        resolveOffset(batch.lastOffset());
        if (o.commitToKafka !== false) {
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: next(batch.lastOffset()) },
          ]);
        } else await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
    const stop = this.track(() => consumer.disconnect());
    return { stop, joined: () => joined };
  }

  async readToEnd(
    topic: string,
    onBatch: (messages: InMessage[]) => Promise<void> | void,
    options: {
      from?: 'earliest' | { [partition: number]: string };
      fromTimestamp?: number;
      idleMs?: number;
      concurrency?: number;
    } = {},
  ): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      let starts: Map<number, string>;
      if (options.fromTimestamp !== undefined) {
        const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, options.fromTimestamp);
        starts = new Map(byTime.map((p) => [p.partition, p.offset]));
      } else if (options.from && options.from !== 'earliest') {
        const from = options.from;
        starts = new Map(ends.map((e) => [e.partition, from[e.partition] ?? e.low]));
      } else starts = new Map(ends.map((e) => [e.partition, e.low]));
      const pending = new Map<number, bigint>();
      for (const e of ends) {
        const start = BigInt(starts.get(e.partition) ?? e.low);
        if (BigInt(e.high) > start) pending.set(e.partition, BigInt(e.high) - 1n);
      }
      if (pending.size === 0) return 0;
      const consumer = this.kafka.consumer({
        groupId: `${this.conn.clientId}.reader.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}`,
        readUncommitted: false,
        maxWaitTimeInMs: 200,
        maxBytesPerPartition: 8 * 1024 * 1024,
      });
      let count = 0;
      let lastProgress = Date.now();
      let resolveDone!: () => void;
      const done = new Promise<void>((r) => (resolveDone = r));
      const mark = (partition: number, lastOffset: string) => {
        const end = pending.get(partition);
        lastProgress = Date.now();
        // Transaction markers take offsets that no message carries: reaching end-1 or past it is done.
        if (end !== undefined && BigInt(lastOffset) >= end - 1n) {
          pending.delete(partition);
          if (pending.size === 0) resolveDone();
        }
      };
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
        mark(payload.partition, payload.lastOffset),
      );
      // Seek on every join, to where each partition got to: a consumer that crashes while starting
      // (e.g. the coordinator not ready yet) restarts with a new group state and no seeks.
      const position = new Map(starts);
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const partition of pending.keys())
          consumer.seek({ topic, partition, offset: position.get(partition) ?? '0' });
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      let inFlight = 0;
      let failed: { error: unknown } | undefined;
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: options.concurrency ?? 1,
        eachBatch: async ({ batch, heartbeat }) => {
          if (failed) return;
          const msgs = batch.messages.filter((m) => {
            const end = pending.get(batch.partition);
            return end !== undefined && BigInt(m.offset) <= end;
          });
          if (msgs.length) {
            inFlight++;
            try {
              await onBatch(msgs.map((m) => toInMessage(batch.topic, batch.partition, m)));
              count += msgs.length;
              position.set(batch.partition, next(msgs[msgs.length - 1].offset));
            } catch (error) {
              // The caller's failure ends the read (rather than kafkajs retrying the batch for ever).
              failed = { error };
              resolveDone();
              return;
            } finally {
              inFlight--;
              lastProgress = Date.now();
            }
          }
          await heartbeat();
        },
      });
      const idleMs = options.idleMs ?? 3000;
      const idle = setInterval(() => {
        // A slow callback is not idleness: only a reader with nothing in hand and nothing new is done.
        if (inFlight === 0 && Date.now() - lastProgress > idleMs) resolveDone();
      }, 250);
      await done;
      clearInterval(idle);
      await consumer.disconnect();
      if (failed) throw failed.error;
      return count;
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    for (const close of [...this.closers]) await close().catch(() => undefined);
  }
}

function joinedSignal(consumer: Consumer): Promise<void> {
  return new Promise((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
  });
}
