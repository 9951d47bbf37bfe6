import {
  ConfigResourceTypes,
  ConfigSource,
  Kafka,
  logLevel,
  type Admin as KAdmin,
  type Consumer,
  type Producer as KProducer,
  type SASLOptions,
} from 'kafkajs';
import { toInMessage } from './in-message';
import { tlsOf, type KafkaConnection } from '../shared/kafka-connection';
import { Closers } from '../shared/closers';
import { runTransactionalBatch } from './transactional-batch';
import { kafkajsStyleAdmin } from './kafkajs-style-admin';
import { nextOffset as next } from '../shared/offsets';
import { ReadToEnd } from './read-to-end';
import { assignedPositions } from './assigned-positions';
import { runKeptRunning } from './kept-running';
import { sendParts, topicMessages } from '../shared/send-parts';
import type {
  Admin,
  InMessage,
  MessageBus,
  OutMessage,
  PipelineOptions,
  Producer,
  RunningConsumer,
  SinkOptions,
  ReadToEndOptions,
  TransactionalProducer,
} from '../message-bus.port';
import { callDeadlineMs, withDeadline } from '../shared/deadline';
import { transactionalProducer } from '../shared/transactional-producer';

export class KafkajsBus implements MessageBus {
  private readonly kafka: Kafka;
  private readonly closers = new Closers();

  constructor(private readonly conn: KafkaConnection) {
    const log = conn.log;
    this.kafka = new Kafka({
      clientId: conn.clientId,
      brokers: conn.brokers,
      ssl: tlsOf(conn),
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

  async producer(options: { idempotent?: boolean } = {}): Promise<Producer> {
    const p = this.kafka.producer({
      idempotent: options.idempotent ?? true,
      maxInFlightRequests: options.idempotent === false ? undefined : 5,
    });
    await p.connect();
    const close = this.closers.track(() => p.disconnect());
    const sendAll = async (messages: OutMessage[]) => {
      for (const part of sendParts(messages))
        await p.sendBatch({ topicMessages: topicMessages(part), acks: -1 });
    };
    // One send at a time: when a produce request fails (e.g. one partition's leader not known yet,
    // as on a new topic), kafkajs hands back the sequence numbers of all its partitions and then
    // retries; a send taking them in between made the broker refuse it (OUT_OF_ORDER_SEQUENCE_NUMBER)
    // or take it for the retried batch's duplicate and drop it.
    let last: Promise<void> = Promise.resolve();
    return {
      send: (messages) => {
        const sent = last.then(() => sendAll(messages));
        last = sent.catch(() => undefined);
        return sent;
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
          transactionalId,
          idempotent: true,
          maxInFlightRequests: 1,
          transactionTimeout: timeout,
        });
        await p.connect();
        try {
          // The first transaction initialises the id (fencing its previous holder); nothing is sent.
          await (await p.transaction()).abort();
        } catch (error) {
          await p.disconnect().catch(() => undefined);
          throw error;
        }
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
      resetGroupOffsets: (groupId, topic, to) =>
        a.resetOffsets({ groupId, topic, earliest: to === 'earliest' }),
      configs: {
        read: async (names, keys) => {
          const { resources } = await a.describeConfigs({
            includeSynonyms: false,
            resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: keys })),
          });
          return new Map(
            resources.map((r) => [
              r.resourceName,
              Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue])),
            ]),
          );
        },
        alter: async (changes) => {
          for (const [name, config] of changes) await alterTopicConfig(a, name, config);
        },
      },
    });
  }

  async runPipeline(o: PipelineOptions): Promise<RunningConsumer> {
    const sessionTimeoutMs = o.sessionTimeoutMs ?? 30000;
    const consumer = this.kafka.consumer({
      groupId: o.groupId,
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: Math.min(3000, Math.floor(sessionTimeoutMs / 3)),
      readUncommitted: false,
      maxWaitTimeInMs: 100,
    });
    const callMs = callDeadlineMs(sessionTimeoutMs);
    // The transactional ids are those of @platformatic/kafka: `<group>.<topic>.<partition>` and the
    // same with `.alt`, used in turn (a transaction need not wait for the previous one's commit
    // markers). Both are initialised when the partition is taken, which fences whatever instance
    // held it before, on either client, and completes or aborts its open transaction.
    const producers = new Map<string, Promise<KProducer>>();
    const ready = new Map<string, Promise<string[]>>();
    const turns = new Map<string, number>();
    const idsOf = (topic: string, partition: number) => {
      const id = `${o.groupId}.${topic}.${partition}`;
      return [id, `${id}.alt`];
    };
    const producerFor = (id: string) => {
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
    const drop = (topic: string, partition: number) => {
      ready.delete(`${topic}:${partition}`);
      for (const id of idsOf(topic, partition)) {
        void producers
          .get(id)
          ?.then((x) => x.disconnect())
          .catch(() => undefined);
        producers.delete(id);
      }
    };
    const fenced = (topic: string, partition: number): Promise<string[]> => {
      const key = `${topic}:${partition}`;
      let r = ready.get(key);
      if (!r) {
        const ids = idsOf(topic, partition);
        r = Promise.all(
          ids.map((id) =>
            withDeadline(
              producerFor(id).then(async (p) => (await p.transaction()).abort()),
              callMs,
              `initialising transactional id ${id}`,
            ),
          ),
        ).then(() => ids);
        r.catch(() => ready.delete(key));
        ready.set(key, r);
      }
      return r;
    };
    const admin = this.kafka.admin();
    let positions: Promise<void> | undefined;
    // After every (re)assignment start with fresh producers, fenced before the first transaction.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [topic, partitions] of Object.entries(payload.memberAssignment))
        for (const partition of partitions) drop(topic, partition);
      o.onAssigned?.();
      positions = this.reportPositions(admin, o, payload.memberAssignment, callMs);
    });
    const joined = joinedSignal(consumer);
    await admin.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: o.topics, fromBeginning: o.fromBeginning ?? true });
    const running = await runKeptRunning(
      consumer,
      {
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 2,
        eachBatch: async (b) => {
          const { topic, partition } = b.batch;
          await positions;
          const ids = await fenced(topic, partition);
          await runTransactionalBatch(o, b, {
            callMs,
            begin: async () => {
              const turn = turns.get(`${topic}:${partition}`) ?? 0;
              turns.set(`${topic}:${partition}`, turn + 1);
              const txn = await (await producerFor(ids[turn % 2])).transaction();
              return {
                send: async (part) =>
                  void (await txn.sendBatch({ topicMessages: topicMessages(part), acks: -1 })),
                sendOffsets: (topic, partition, offset) =>
                  txn.sendOffsets({
                    consumerGroupId: o.groupId,
                    topics: [{ topic, partitions: [{ partition, offset }] }],
                  }),
                commit: () => txn.commit(),
                abort: () => txn.abort(),
              };
            },
            // Fresh producers fence the failed one's transaction; then read on from what Kafka holds.
            resync: async () => {
              drop(topic, partition);
              await fenced(topic, partition);
              const [committed] = await withDeadline(
                admin.fetchOffsets({ groupId: o.groupId, topics: [topic] }),
                callMs,
                'reading the committed offsets',
              );
              const at = committed.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
              // Nothing committed yet: from this batch's start, where an unread partition begins.
              consumer.seek({ topic, partition, offset: at !== '-1' ? at : b.batch.messages[0].offset });
            },
          });
        },
      },
      o.groupId,
      this.conn.log,
    );
    const stop = this.closers.track(async () => {
      await running.disconnect();
      await admin.disconnect().catch(() => undefined);
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
    const admin = o.onPositions ? this.kafka.admin() : undefined;
    let assigned: Promise<void> | undefined;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      assigned = (async () => {
        // The sink's own store is the truth for where to resume: seek there on every assignment.
        const own = new Map<string, string | undefined>();
        for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
          for (const partition of partitions) {
            const offset = await o.startOffsets?.(topic, partition);
            own.set(`${topic}:${partition}`, offset);
            if (offset !== undefined) consumer.seek({ topic, partition, offset });
          }
        }
        if (admin) {
          const callMs = callDeadlineMs(o.sessionTimeoutMs ?? 30000);
          await this.reportPositions(admin, o, payload.memberAssignment, callMs, async (t, p) =>
            own.get(`${t}:${p}`),
          );
        }
      })();
      // Thrown to the next batch (which fails and is fetched again), not as an unhandled rejection.
      assigned.catch(() => undefined);
    });
    await admin?.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: o.topics, fromBeginning: o.fromBeginning ?? true });
    const running = await runKeptRunning(
      consumer,
      {
        autoCommit: false,
        eachBatchAutoResolve: false,
        // Partitions hold disjoint keys, so a sink may store them side by side (each still in order).
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isStale }) => {
          // The assignment's seeks and positions come first: a batch fetched before a seek is stale.
          await assigned;
          if (batch.messages.length === 0 || isStale()) return;
          const messages = batch.messages.map((m) => toInMessage(batch.topic, batch.partition, m));
          const result = await o.handleBatch(messages, {
            topic: batch.topic,
            partition: batch.partition,
            highWatermark: batch.highWatermark,
            // kafkajs's last offset counts the transaction markers it fetched.
            nextOffset: next(batch.lastOffset()),
          });
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
      },
      o.groupId,
      this.conn.log,
    );
    const stop = this.closers.track(async () => {
      await running.disconnect();
      await admin?.disconnect().catch(() => undefined);
    });
    return { stop, joined: () => joined };
  }

  /**
   * onPositions on a new assignment, before the assignment's first batch is handled (its caller
   * awaits this). A failed read is logged, not thrown: the lag is then known from the first batch.
   */
  private async reportPositions(
    admin: KAdmin,
    o: Pick<PipelineOptions, 'groupId' | 'fromBeginning' | 'onPositions'>,
    assignment: Record<string, number[]>,
    callMs: number,
    own?: (topic: string, partition: number) => Promise<string | undefined>,
  ): Promise<void> {
    if (!o.onPositions) return;
    try {
      const fromBeginning = o.fromBeginning ?? true;
      o.onPositions(await assignedPositions(admin, o.groupId, assignment, { fromBeginning, callMs, own }));
    } catch (error) {
      this.conn.log?.('warn', `${o.groupId}: the assigned partitions' positions could not be read`, {
        err: error,
      });
    }
  }

  async readToEnd(
    topic: string,
    onBatch: (messages: InMessage[]) => Promise<void> | void,
    options: ReadToEndOptions = {},
  ): Promise<number> {
    const read = await ReadToEnd.plan(this.kafka.admin(), topic, onBatch, options);
    if (read.empty) return 0;
    const consumer = this.kafka.consumer({
      groupId: `${this.conn.clientId}.reader.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}`,
      readUncommitted: false,
      maxWaitTimeInMs: 200,
      maxBytesPerPartition: 8 * 1024 * 1024,
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
      read.mark(payload.partition, payload.lastOffset),
    );
    // Seek on every join, to where each partition got to: a consumer that crashes while starting
    // (e.g. the coordinator not ready yet) restarts with a new group state and no seeks.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const partition of read.pending.keys())
        consumer.seek({ topic, partition, offset: read.position.get(partition) ?? '0' });
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const running = await runKeptRunning(
      consumer,
      {
        autoCommit: false,
        partitionsConsumedConcurrently: options.concurrency ?? 1,
        eachBatch: async ({ batch, heartbeat }) => {
          await read.deliver(batch.partition, batch.messages);
          await heartbeat();
        },
      },
      `reader of ${topic}`,
      this.conn.log,
    );
    const count = await read.finished();
    await running.disconnect();
    read.rethrow();
    return count;
  }

  close(): Promise<void> {
    return this.closers.closeAll();
  }
}

function joinedSignal(consumer: Consumer): Promise<void> {
  return new Promise((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
  });
}

/**
 * kafkajs has only the legacy AlterConfigs, which replaces all of a topic's own configs: send the
 * ones the topic already has with the changes on top, so that an operator's other settings stay.
 */
async function alterTopicConfig(a: KAdmin, name: string, changes: Record<string, string>): Promise<void> {
  const { resources } = await a.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name }],
  });
  const own = Object.fromEntries(
    (resources[0]?.configEntries ?? [])
      .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG)
      .map((e) => [e.configName, e.configValue]),
  );
  await a.alterConfigs({
    validateOnly: false,
    resources: [
      {
        type: ConfigResourceTypes.TOPIC,
        name,
        configEntries: Object.entries({ ...own, ...changes }).map(([configName, value]) => ({
          name: configName,
          value,
        })),
      },
    ],
  });
}
