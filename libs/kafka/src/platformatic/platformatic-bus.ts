import { Producer as PProducer, type BaseOptions } from '@platformatic/kafka';
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
} from '../message-bus.port';
import { Closers } from '../shared/closers';
import { callDeadlineMs } from '../shared/deadline';
import type { KafkaConnection } from '../shared/kafka-connection';
import { sendParts } from '../shared/send-parts';
import { transactionalProducer } from '../shared/transactional-producer';
import { platformaticAdmin } from './platformatic-admin';
import { runGroupLoop, type BatchOutcome } from './platformatic-group';
import { baseOptions, partitioner, record } from './platformatic-options';
import { runPlatformaticPipeline } from './platformatic-pipeline';
import { PartitionReader } from './platformatic-reader';

/**
 * The MessageBus on @platformatic/kafka (pure TypeScript, maintained), the default client; its
 * admin, options and pipeline (with RoundTransactions) are in the files beside this one.
 */
export class PlatformaticBus implements MessageBus {
  private readonly base: BaseOptions;
  private readonly closers = new Closers();

  constructor(private readonly conn: KafkaConnection) {
    this.base = baseOptions(conn);
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
    return platformaticAdmin(this.base, (close) => this.closers.track(close));
  }

  runPipeline(o: PipelineOptions): Promise<RunningConsumer> {
    return runPlatformaticPipeline(this.base, this.conn.log, o, (close) => this.closers.track(close));
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

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
