import { toInMessage, type FetchedRecord } from './in-message';
import type { InMessage, ReadToEndOptions } from '../message-bus.port';
import { nextOffset } from '../shared/offsets';

/** The offset lookups of kafkajs's admin. */
export interface OffsetsAdmin {
  fetchTopicOffsets(topic: string): Promise<{ partition: number; low: string; high: string }[]>;
  fetchTopicOffsetsByTimestamp(
    topic: string,
    timestamp?: number,
  ): Promise<{ partition: number; offset: string }[]>;
}

/** A read with nothing in hand that has seen nothing new for this long is over. */
const IDLE_MS = 3000;

/**
 * The bookkeeping of one `readToEnd` on a kafkajs-style consumer: where each partition starts,
 * the last offset to read in each (its end when the read began), what was delivered, and when the
 * read is over — every partition read to its end, the callback failed, or nothing has come for
 * IDLE_MS while nothing was in hand.
 */
export class ReadToEnd {
  /** Next offset to read per partition: seek here on every (re)assignment. */
  readonly position: Map<number, string>;
  private count = 0;
  private inFlight = 0;
  private lastProgress = Date.now();
  private failed?: { error: unknown };
  private resolveDone!: () => void;
  private readonly done = new Promise<void>((r) => (this.resolveDone = r));

  private constructor(
    private readonly topic: string,
    /** Partitions left to read, and the last offset to read in each. */
    readonly pending: Map<number, bigint>,
    starts: Map<number, string>,
    private readonly onBatch: (messages: InMessage[]) => Promise<void> | void,
  ) {
    this.position = new Map(starts);
  }

  /** Looks the topic's offsets up through `admin`, which it connects and disconnects. */
  static async plan(
    admin: OffsetsAdmin & { connect(): Promise<void>; disconnect(): Promise<void> },
    topic: string,
    onBatch: (messages: InMessage[]) => Promise<void> | void,
    options: ReadToEndOptions,
  ): Promise<ReadToEnd> {
    await admin.connect();
    try {
      return await ReadToEnd.from(admin, topic, onBatch, options);
    } finally {
      await admin.disconnect();
    }
  }

  private static async from(
    admin: OffsetsAdmin,
    topic: string,
    onBatch: (messages: InMessage[]) => Promise<void> | void,
    options: ReadToEndOptions,
  ): Promise<ReadToEnd> {
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
    return new ReadToEnd(topic, pending, starts, onBatch);
  }

  get empty(): boolean {
    return this.pending.size === 0;
  }

  /** A batch reached the client: hands the records up to the partition's end to the callback. */
  async deliver(partition: number, records: FetchedRecord[]): Promise<void> {
    if (this.failed) return;
    const end = this.pending.get(partition);
    const wanted = end === undefined ? [] : records.filter((m) => BigInt(m.offset) <= end);
    if (wanted.length === 0) return;
    this.inFlight++;
    try {
      await this.onBatch(wanted.map((m) => toInMessage(this.topic, partition, m)));
      this.count += wanted.length;
      this.position.set(partition, nextOffset(wanted[wanted.length - 1].offset));
    } catch (error) {
      // The caller's failure ends the read (rather than the client retrying the batch for ever).
      this.failed = { error };
      this.resolveDone();
    } finally {
      this.inFlight--;
      this.lastProgress = Date.now();
    }
  }

  /** The client has processed a partition's batch up to `lastOffset`. */
  mark(partition: number, lastOffset: string): void {
    const end = this.pending.get(partition);
    this.lastProgress = Date.now();
    // Transaction markers take offsets that no message carries: reaching end-1 or past it is done.
    if (end !== undefined && BigInt(lastOffset) >= end - 1n) {
      this.pending.delete(partition);
      if (this.pending.size === 0) this.resolveDone();
    }
  }

  /** Resolves with how many records were delivered once the read is over (see `rethrow`). */
  async finished(): Promise<number> {
    const idle = setInterval(() => {
      // A slow callback is not idleness: only a reader with nothing in hand and nothing new is done.
      if (this.inFlight === 0 && Date.now() - this.lastProgress > IDLE_MS) this.resolveDone();
    }, 250);
    await this.done;
    clearInterval(idle);
    return this.count;
  }

  /** After the consumer is gone: the callback's error, if it failed. */
  rethrow(): void {
    if (this.failed) throw this.failed.error;
  }
}
