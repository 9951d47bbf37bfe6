import {
  Admin as PAdmin,
  ConfigResourceTypes,
  IncrementalAlterConfigOperationTypes,
  Producer as PProducer,
  SASLMechanisms,
  compatibilityPartitioner,
  type BaseOptions,
  type Message,
  type MessageToProduce,
} from '@platformatic/kafka';
import type { TopicSpec } from '@newswire/contracts';
import { Closers } from '../shared/closers';
import { tlsOf, type KafkaConnection } from '../shared/kafka-connection';
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
import { nextOffset } from '../shared/offsets';
import { callDeadlineMs, withDeadline } from '../shared/deadline';
import { runGroupLoop, type BatchOutcome, type Generation } from './platformatic-group';
import { PartitionReader, type FetchedPartition } from './platformatic-reader';
import { transactionsOfRound, type Piece } from './round-transactions';
import { sendParts } from '../shared/send-parts';
import { stageOutputs } from '../shared/stage-outputs';
import { transactionalProducer } from '../shared/transactional-producer';

const MECHANISMS = {
  plain: SASLMechanisms.PLAIN,
  'scram-sha-256': SASLMechanisms.SCRAM_SHA_256,
  'scram-sha-512': SASLMechanisms.SCRAM_SHA_512,
} as const;

const toBuffer = (v: string | Buffer | null | undefined) =>
  v == null ? undefined : typeof v === 'string' ? Buffer.from(v) : v;

/**
 * Keyed messages go where kafkajs and the Java client put them (murmur2 of the key, made positive
 * by masking; the library's default partitioner differs), so that switching clients keeps every
 * article on its partition. Unkeyed ones go round the partitions, as with kafkajs.
 */
function partitioner() {
  let next = 0;
  return (message: MessageToProduce, key: Buffer | undefined) =>
    key ? compatibilityPartitioner(message, key) : next++;
}

function record(m: OutMessage): MessageToProduce {
  const headers = new Map<Buffer, Buffer>();
  for (const [k, v] of Object.entries(m.headers ?? {})) headers.set(Buffer.from(k), Buffer.from(v));
  return { topic: m.topic, key: toBuffer(m.key), value: toBuffer(m.value), headers, partition: m.partition };
}

/** The MessageBus on @platformatic/kafka (pure TypeScript, maintained). Same semantics as KafkajsBus. */
export class PlatformaticBus implements MessageBus {
  private readonly base: BaseOptions;
  private readonly closers = new Closers();

  constructor(private readonly conn: KafkaConnection) {
    const tls = tlsOf(conn);
    this.base = {
      clientId: conn.clientId,
      bootstrapBrokers: conn.brokers,
      ...(tls ? { tls } : {}),
      ...(conn.sasl
        ? {
            sasl: {
              mechanism: MECHANISMS[conn.sasl.mechanism],
              username: conn.sasl.username,
              password: conn.sasl.password,
            },
          }
        : {}),
      // A transaction's first send right after the previous commit finds its markers still being
      // written (CONCURRENT_TRANSACTIONS, 1-3 ms here) and is retried: back-offs that start at 2 ms
      // and double (a 50 ms first back-off was half of each stage's latency at 500 stories/s), capped
      // at 10 s, 20 of them: ~86 s in all, which still outlasts a broker restart.
      retries: 20,
      retryDelay: (_client, _operation, attempt) => Math.min(10000, 2 ** attempt),
    };
  }

  async producer(options: { idempotent?: boolean } = {}): Promise<Producer> {
    const p = new PProducer({
      ...this.base,
      idempotent: options.idempotent ?? true,
      partitioner: partitioner(),
    });
    const close = this.closers.track(() => p.close());
    // One send at a time: the library numbers an idempotent batch only once the previous send to
    // the partition has returned, so concurrent sends reuse a sequence number and the broker
    // acknowledges all but the first as duplicates without writing them (1.x; fixed in 2.x).
    let previous: Promise<unknown> = Promise.resolve();
    return {
      send: (messages) => {
        const sent = previous.then(async () => {
          for (const part of sendParts(messages)) await p.send({ messages: part.map(record), acks: -1 });
        });
        previous = sent.catch(() => undefined);
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
        const p = new PProducer({
          ...this.base,
          transactionalId,
          idempotent: true,
          // "No producer yet", as in runPipeline: a reused transactional id is otherwise refused.
          producerId: -1n,
          producerEpoch: -1,
          partitioner: partitioner(),
          timeout,
        });
        try {
          // Beginning initialises the id (fencing its previous holder); nothing is sent.
          await (await p.beginTransaction()).cancel();
        } catch (error) {
          await p.close().catch(() => undefined);
          throw error;
        }
        return {
          begin: async () => {
            const tx = await p.beginTransaction();
            return {
              send: async (part) => void (await tx.send({ messages: part.map(record) })),
              commit: async () => void (await tx.commit()),
              abort: async () => void (await tx.abort()),
            };
          },
          close: () => p.close(),
        };
      },
      callDeadlineMs(timeout / 2),
      (close) => this.closers.track(close),
    );
  }

  async admin(): Promise<Admin> {
    const a = new PAdmin(this.base);
    const reader = new PartitionReader(this.base, { maxWaitMs: 0, partitionMaxBytes: 1 });
    const close = this.closers.track(async () => {
      await reader.close();
      await a.close();
    });
    const partitionsOf = async (topic: string) =>
      (await a.metadata({ topics: [topic] })).topics.get(topic)!.partitionsCount;
    return {
      ensureTopics: async (specs: TopicSpec[]) => {
        const existing = new Set(await a.listTopics());
        const missing = specs.filter((s) => !existing.has(s.name));
        for (const s of missing) {
          await a.createTopics({
            topics: [s.name],
            partitions: s.partitions,
            replicas: -1,
            configs: Object.entries(s.config).map(([name, value]) => ({ name, value })),
          });
        }
        if (missing.length > 0)
          await waitForLeaders(
            a,
            missing.map((s) => s.name),
          );
        return missing.map((s) => s.name);
      },
      describeTopics: async (topics, configKeys) => {
        if (topics.length === 0) return [];
        const [metadata, described] = await Promise.all([
          a.metadata({ topics, forceUpdate: true }),
          a.describeConfigs({
            resources: topics.map((resourceName) => ({
              resourceType: ConfigResourceTypes.TOPIC,
              resourceName,
              configurationKeys: configKeys,
            })),
          }),
        ]);
        return topics.map((name) => ({
          name,
          partitions: metadata.topics.get(name)!.partitionsCount,
          config: Object.fromEntries(
            (described.find((d) => d.resourceName === name)?.configs ?? []).map((c) => [
              c.name,
              c.value ?? null,
            ]),
          ),
        }));
      },
      alterTopicConfigs: async (changes) => {
        if (changes.size === 0) return;
        await a.incrementalAlterConfigs({
          resources: [...changes].map(([resourceName, config]) => ({
            resourceType: ConfigResourceTypes.TOPIC,
            resourceName,
            configs: Object.entries(config).map(([name, value]) => ({
              name,
              configOperation: IncrementalAlterConfigOperationTypes.SET,
              value,
            })),
          })),
        });
      },
      deleteTopics: async (names) => {
        if (names.length) await a.deleteTopics({ topics: names });
      },
      listTopics: () => a.listTopics(),
      topicOffsets: async (topic) => {
        const [low, high] = await Promise.all([
          reader.offsets(topic, 'earliest'),
          reader.offsets(topic, 'latest'),
        ]);
        return high.map((h, partition) => ({ partition, low: String(low[partition]), high: String(h) }));
      },
      groupOffsets: async (groupId, topic) => {
        const partitionIndexes = Array.from({ length: await partitionsOf(topic) }, (_, i) => i);
        const [group] = await a.listConsumerGroupOffsets({
          groups: [{ groupId, topics: [{ name: topic, partitionIndexes }] }],
        });
        const committed = group?.topics.find((t) => t.name === topic)?.partitions ?? [];
        return partitionIndexes.map((partition) => ({
          partition,
          offset: String(committed.find((p) => p.partitionIndex === partition)?.committedOffset ?? -1n),
        }));
      },
      resetGroupOffsets: async (groupId, topic, to) => {
        const offsets = await reader.offsets(topic, to);
        await a.alterConsumerGroupOffsets({
          groupId,
          topics: [
            { name: topic, partitionOffsets: offsets.map((offset, partition) => ({ partition, offset })) },
          ],
        });
      },
      close,
    };
  }

  async runPipeline(o: PipelineOptions): Promise<RunningConsumer> {
    // Each input partition has two transactional ids, `<group>.<topic>.<partition>` and the same
    // with `.alt`, and an instance initialises both ids of every partition it is assigned: that
    // fences whatever instance held the partition before and aborts its open transaction at once.
    // It then runs one transaction a round for all its partitions (EOS v2, KIP-447: the offsets
    // commit under the group generation, which fences a zombie too), under its first partition's
    // two ids in turn. One id per partition cost three transactions a round, and one id alone made
    // a transaction wait for the previous one's commit markers (CONCURRENT_TRANSACTIONS, retried in
    // a fifth of the normalizer's transactions at 500 stories/s). Offsets stay in order across the
    // two: the group coordinator keeps the offset whose commit record came last.
    const producers = new Map<string, PProducer>();
    const idsOf = (topic: string, partition: number) => {
      const id = `${o.groupId}.${topic}.${partition}`;
      return [id, `${id}.alt`];
    };
    const producerFor = (id: string) => {
      let p = producers.get(id);
      if (!p) {
        p = new PProducer({
          ...this.base,
          transactionalId: id,
          idempotent: true,
          // "No producer yet": the library otherwise asks for producer id 0 epoch 0, which the
          // broker refuses (PRODUCER_FENCED) for a transactional id used before, as after a restart.
          producerId: -1n,
          producerEpoch: -1,
          partitioner: partitioner(),
          // Also the transaction timeout the broker aborts a silent transaction after.
          timeout: 60000,
        });
        producers.set(id, p);
      }
      return p;
    };
    const drop = (id: string) => {
      void producers
        .get(id)
        ?.close()
        .catch(() => undefined);
      producers.delete(id);
    };
    let own: string[] = [];
    let turn = 0;
    const maxBatch = o.maxBatch ?? 500;

    const sessionTimeoutMs = o.sessionTimeoutMs ?? 30000;
    const deadline = callDeadlineMs(sessionTimeoutMs);
    const transact = async (
      id: string,
      pieces: Piece<FetchedPartition>[],
      out: OutMessage[],
      generation: Generation,
      at: (step: string) => void,
    ) => {
      // Each call with a deadline: one whose answer never comes fails the round, whose retry then
      // fences this producer (see resync in runGroupLoop) instead of waiting on it for ever.
      const call = <T>(step: string, work: () => Promise<T>): Promise<T> => {
        at(`${step} (transaction ${id})`);
        return withDeadline(work(), deadline, `${step} (transaction ${id})`);
      };
      const tx = await call('beginning', () => producerFor(id).beginTransaction());
      try {
        // The offsets first, the outputs last: an output partition's readers (read_committed) wait
        // from a transaction's first record there to its commit marker, so that window holds only
        // the sends and the commit. The offsets commit under the generation the round was fetched
        // in: after a rebalance the broker refuses them and the whole transaction aborts.
        await call('adding the offsets', async () => {
          await tx.addConsumer(generation.member);
          for (const { batch, to } of pieces) {
            await tx.addOffset({
              topic: batch.topic,
              partition: batch.partition,
              offset: BigInt(batch.messages[to - 1].offset),
              metadata: {
                consumer: {
                  groupId: generation.groupId,
                  memberId: generation.memberId,
                  generationId: generation.generationId,
                  coordinatorId: generation.coordinatorId,
                },
              },
            } as unknown as Message);
          }
        });
        await call(`sending ${out.length} outputs`, async () => {
          for (const part of sendParts(out)) await tx.send({ messages: part.map(record) });
        });
        for (const { batch, from, to } of pieces)
          await o.beforeCommit?.({ topic: batch.topic, partition: batch.partition, count: to - from });
        await call('committing', () => tx.commit());
      } catch (error) {
        await withDeadline(tx.abort(), deadline, `aborting transaction ${id}`).catch(() => undefined);
        throw error;
      }
    };

    return runGroupLoop({
      base: this.base,
      groupId: o.groupId,
      topics: o.topics,
      sessionTimeoutMs,
      fromBeginning: o.fromBeginning ?? true,
      partitionMaxBytes: 1024 * 1024,
      minRoundMs: o.minRoundMs,
      log: this.conn.log,
      onPositions: o.onPositions,
      // Every assigned partition's ids initialised now, before the partitions' committed offsets
      // are read and before a stateful stage rebuilds what it knows; the first partition's are kept.
      onAssigned: async (partitions) => {
        for (const id of [...producers.keys()]) drop(id);
        const assigned = partitions
          .map(({ topic, partition }) => idsOf(topic, partition))
          .sort(([a], [b]) => (a < b ? -1 : 1));
        await Promise.all(
          assigned.flat().map(async (id) => {
            const tx = await producerFor(id).beginTransaction();
            await tx.cancel();
          }),
        );
        own = assigned[0] ?? [];
        for (const id of assigned.slice(1).flat()) drop(id);
        o.onAssigned?.();
      },
      process: async (batches, { generation, heartbeat, at }) => {
        // How far each batch has committed: after a failed transaction, the batches not wholly
        // committed are read again from the offsets Kafka holds (resync).
        const committed = new Map(batches.map((b) => [b, 0]));
        for (const pieces of transactionsOfRound(batches, maxBatch)) {
          const started = Date.now();
          const id = own[turn++ % own.length];
          try {
            // Inside the try: a stage that fails (a RetryableError) is handled like a failed
            // transaction, and the stage is told (its state may hold the chunk's work).
            const out: OutMessage[] = [];
            at('the stage handling its messages');
            for (const { batch, from, to } of pieces) {
              out.push(
                ...(await stageOutputs(o, batch.messages.slice(from, to), {
                  heartbeat: async () => heartbeat(),
                })),
              );
            }
            await transact(id, pieces, out, generation, at);
          } catch (error) {
            // A fenced or broken producer cannot be reused: the retry gets a fresh one. Whether a
            // failed commit took effect is not known (its answer lost, or late): the partitions are
            // taken again, which fences this producer's transaction, and read on from what Kafka holds.
            drop(id);
            await o.onAborted?.(error);
            return batches.map((b) =>
              committed.get(b)! === b.messages.length
                ? { done: true as const }
                : { resync: true as const, error },
            );
          }
          heartbeat();
          for (const { batch, from, to } of pieces) {
            committed.set(batch, to);
            o.onCommitted?.({
              topic: batch.topic,
              partition: batch.partition,
              // A batch's last transaction reads on past the markers fetched with it: a drained
              // input whose producer is transactional then has a lag of 0, not 1.
              nextOffset:
                to === batch.messages.length ? String(batch.next) : nextOffset(batch.messages[to - 1].offset),
              highWatermark: String(batch.highWatermark),
              count: to - from,
              ms: Date.now() - started,
            });
          }
        }
        return batches.map(() => ({ done: true as const }));
      },
    }).then((running) => {
      const stop = this.closers.track(async () => {
        await running.stop();
        await Promise.all([...producers.values()].map((p) => p.close().catch(() => undefined)));
      });
      return { stop, joined: running.joined };
    });
  }

  async runSink(o: SinkOptions): Promise<RunningConsumer> {
    const running = await runGroupLoop({
      base: this.base,
      groupId: o.groupId,
      topics: o.topics,
      sessionTimeoutMs: o.sessionTimeoutMs ?? 30000,
      fromBeginning: o.fromBeginning ?? true,
      partitionMaxBytes: 4 * 1024 * 1024,
      minRoundMs: o.minRoundMs,
      log: this.conn.log,
      onPositions: o.onPositions,
      startOffset: o.startOffsets,
      // Partitions side by side, as the port allows (a sink may store them together); their offsets
      // then go to Kafka in one request.
      process: async (batches, { generation }) => {
        const outcomes = await Promise.all(
          batches.map(async ({ topic, partition, messages, highWatermark, next }): Promise<BatchOutcome> => {
            try {
              const result = await o.handleBatch(messages, {
                topic,
                partition,
                highWatermark: String(highWatermark),
                nextOffset: String(next),
              });
              return result ? { rewindTo: BigInt(result.rewindTo) } : { done: true };
            } catch (error) {
              return { rewindTo: BigInt(messages[0].offset), error };
            }
          }),
        );
        const stored = batches.filter((_, i) => 'done' in outcomes[i]);
        if (o.commitToKafka === false || stored.length === 0) return outcomes;
        try {
          await generation.member.commit({
            offsets: stored.map(({ topic, partition, messages }) => ({
              topic,
              partition,
              offset: BigInt(messages[messages.length - 1].offset) + 1n,
              leaderEpoch: -1,
            })),
          });
          return outcomes;
        } catch (error) {
          return batches.map((b, i) =>
            'done' in outcomes[i] ? { rewindTo: BigInt(b.messages[0].offset), error } : outcomes[i],
          );
        }
      },
    });
    return { stop: this.closers.track(running.stop), joined: running.joined };
  }

  async readToEnd(
    topic: string,
    onBatch: (messages: InMessage[]) => Promise<void> | void,
    options: ReadToEndOptions = {},
  ): Promise<number> {
    const reader = new PartitionReader(this.base, { maxWaitMs: 200, partitionMaxBytes: 8 * 1024 * 1024 });
    try {
      const [low, ends] = await Promise.all([
        reader.offsets(topic, 'earliest'),
        reader.offsets(topic, 'latest'),
      ]);
      const from = options.from;
      const starts =
        options.fromTimestamp !== undefined
          ? (await reader.offsets(topic, options.fromTimestamp)).map((o, p) => (o < 0n ? ends[p] : o))
          : from && from !== 'earliest'
            ? low.map((l, p) => (from[p] !== undefined ? BigInt(from[p]) : l))
            : low;
      const positions = starts
        .map((offset, partition) => ({ topic, partition, offset }))
        .filter((p) => p.offset < ends[p.partition]);
      let count = 0;
      while (positions.length > 0) {
        const fetched = await reader.fetch(positions);
        await forEachLimited(fetched, options.concurrency ?? 1, async (f) => {
          const end = ends[f.partition];
          const messages = f.messages.filter((m) => BigInt(m.offset) < end);
          if (messages.length) {
            count += messages.length;
            await onBatch(messages);
          }
          positions.find((p) => p.partition === f.partition)!.offset = f.next;
        });
        for (let i = positions.length - 1; i >= 0; i--)
          if (positions[i].offset >= ends[positions[i].partition]) positions.splice(i, 1);
      }
      return count;
    } finally {
      await reader.close();
    }
  }

  close(): Promise<void> {
    return this.closers.closeAll();
  }
}

/** Creating a topic returns before its partitions have leaders: wait, so that the first send lands. */
async function waitForLeaders(a: PAdmin, topics: string[]): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const metadata = await a.metadata({ topics, forceUpdate: true }).catch(() => undefined);
    const ready = topics.every((t) => metadata?.topics.get(t)?.partitions.every((p) => p.leader >= 0));
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
