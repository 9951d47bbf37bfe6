import { toInMessage, type FetchedRecord } from './in-message';
import type { OutMessage, PipelineOptions } from './message-bus.port';
import { nextOffset } from './offsets';
import { sendParts } from './send-parts';
import { stageOutputs } from './stage-outputs';

/** One transaction, as a client with a kafkajs-style API runs it. */
export interface StageTransaction {
  /** Sends one part (≤ 1 MB) of the outputs. */
  send(part: OutMessage[]): Promise<void>;
  /** Adds the input partition's next offset to the transaction. */
  sendOffsets(topic: string, partition: number, offset: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** The consumer's side of a kafkajs-style batch (kafkajs, and confluent's compatible API). */
export interface PipelineBatch {
  batch: {
    topic: string;
    partition: number;
    highWatermark: string;
    messages: FetchedRecord[];
    /** kafkajs's: the last offset fetched, transaction markers included (librdkafka hands none over). */
    lastOffset?(): string;
  };
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/**
 * Consume-process-produce for one fetched batch of one partition, in chunks of `maxBatch`: each
 * chunk's outputs (or dead letters) and its input offset commit in ONE transaction on the
 * partition's producer. A failed chunk aborts, drops the producer (a fenced or broken one cannot
 * be reused) and throws, so the client delivers the chunk again.
 */
export async function runTransactionalBatch(
  o: PipelineOptions,
  { batch, resolveOffset, heartbeat, isRunning, isStale }: PipelineBatch,
  begin: () => Promise<StageTransaction>,
  dropProducer: () => void,
): Promise<void> {
  const maxBatch = o.maxBatch ?? 500;
  for (let i = 0; i < batch.messages.length; i += maxBatch) {
    if (!isRunning() || isStale()) return;
    const chunk = batch.messages.slice(i, i + maxBatch);
    const started = Date.now();
    let out: OutMessage[];
    try {
      out = await stageOutputs(
        o,
        chunk.map((m) => toInMessage(batch.topic, batch.partition, m)),
        { heartbeat },
      );
    } catch (error) {
      // The stage failed (a RetryableError): the client delivers the chunk again, and the stage
      // hears of it, as of an aborted transaction (its state may hold the chunk's work).
      await o.onAborted?.(error);
      throw error;
    }
    const next = nextOffset(chunk[chunk.length - 1].offset);
    const txn = await begin();
    try {
      for (const part of sendParts(out)) await txn.send(part);
      await o.beforeCommit?.({ topic: batch.topic, partition: batch.partition, count: chunk.length });
      await txn.sendOffsets(batch.topic, batch.partition, next);
      await txn.commit();
    } catch (error) {
      await txn.abort().catch(() => undefined);
      dropProducer();
      await o.onAborted?.(error);
      throw error;
    }
    resolveOffset(chunk[chunk.length - 1].offset);
    o.onCommitted?.({
      topic: batch.topic,
      partition: batch.partition,
      // The batch's last chunk reads on past the markers fetched with it: a drained input whose
      // producer is transactional then has a lag of 0, not 1.
      nextOffset:
        i + maxBatch >= batch.messages.length && batch.lastOffset ? nextOffset(batch.lastOffset()) : next,
      highWatermark: batch.highWatermark,
      count: chunk.length,
      ms: Date.now() - started,
    });
    await heartbeat();
  }
}
