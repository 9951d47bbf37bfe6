import { withDeadline } from '../shared/deadline';
import { toInMessage, type FetchedRecord } from './in-message';
import type { OutMessage, PipelineOptions } from '../message-bus.port';
import { nextOffset } from '../shared/offsets';
import { sendParts } from '../shared/send-parts';
import { stageOutputs } from '../shared/stage-outputs';

/** One transaction, as a client with a kafkajs-style API runs it. */
export interface StageTransaction {
  /** Sends one part (≤ 1 MB) of the outputs. */
  send(part: OutMessage[]): Promise<void>;
  /** Adds the input partition's next offset to the transaction. */
  sendOffsets(topic: string, partition: number, offset: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** The consumer's side of a kafkajs batch. */
export interface PipelineBatch {
  batch: {
    topic: string;
    partition: number;
    highWatermark: string;
    messages: FetchedRecord[];
    /** The last offset fetched, transaction markers included. */
    lastOffset(): string;
  };
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/**
 * Consume-process-produce for one fetched batch of one partition, in chunks of `maxBatch`: each
 * chunk's outputs (or dead letters) and its input offset commit in ONE transaction on the
 * partition's producer, every call with a deadline (`callMs`). After a failed chunk (the stage, a
 * call, or a commit whose answer was lost or late and so may have taken effect) the partition is
 * resynced, as on @platformatic/kafka: `resync` fences the partition's transactional ids (which
 * completes or aborts the transaction) and seeks to the offset Kafka holds, and the rest of the
 * batch is left to be fetched again from there.
 */
export async function runTransactionalBatch(
  o: PipelineOptions,
  { batch, resolveOffset, heartbeat, isRunning, isStale }: PipelineBatch,
  calls: {
    begin: () => Promise<StageTransaction>;
    resync: () => Promise<void>;
    callMs: number;
  },
): Promise<void> {
  const maxBatch = o.maxBatch ?? 500;
  const call = <T>(step: string, work: () => Promise<T>): Promise<T> =>
    withDeadline(work(), calls.callMs, `${step} (${batch.topic}[${batch.partition}])`);
  for (let i = 0; i < batch.messages.length; i += maxBatch) {
    if (!isRunning() || isStale()) return;
    const chunk = batch.messages.slice(i, i + maxBatch);
    const started = Date.now();
    const next = nextOffset(chunk[chunk.length - 1].offset);
    let txn: StageTransaction | undefined;
    try {
      const out = await stageOutputs(
        o,
        chunk.map((m) => toInMessage(batch.topic, batch.partition, m)),
        { heartbeat },
      );
      const begun = (txn = await call('beginning a transaction', calls.begin));
      for (const part of sendParts(out)) await call('sending outputs', () => begun.send(part));
      await o.beforeCommit?.({ topic: batch.topic, partition: batch.partition, count: chunk.length });
      await call('adding the offsets', () => begun.sendOffsets(batch.topic, batch.partition, next));
      await call('committing', () => begun.commit());
    } catch (error) {
      if (txn) await call('aborting', txn.abort).catch(() => undefined);
      // The stage hears of it (its state may hold the chunk's work), as of an aborted transaction.
      await o.onAborted?.(error);
      await calls.resync();
      return;
    }
    resolveOffset(chunk[chunk.length - 1].offset);
    o.onCommitted?.({
      topic: batch.topic,
      partition: batch.partition,
      // The batch's last chunk reads on past the markers fetched with it: a drained input whose
      // producer is transactional then has a lag of 0, not 1.
      nextOffset: i + maxBatch >= batch.messages.length ? nextOffset(batch.lastOffset()) : next,
      highWatermark: batch.highWatermark,
      count: chunk.length,
      ms: Date.now() - started,
    });
    await heartbeat();
  }
}
