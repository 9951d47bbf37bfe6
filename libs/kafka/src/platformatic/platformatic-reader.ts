import { Consumer, FetchIsolationLevels, ListOffsetTimestamps, type BaseOptions } from '@platformatic/kafka';
import type { InMessage } from '../message-bus.port';
import { committedBatches } from './read-committed';

export interface Position {
  topic: string;
  partition: number;
  offset: bigint;
}

export interface FetchedPartition {
  topic: string;
  partition: number;
  /** Committed messages from the position on, in offset order. */
  messages: InMessage[];
  /** Where to read on from: past every batch fetched, aborted data and markers included. */
  next: bigint;
  highWatermark: bigint;
}

const key = (topic: string, partition: number) => `${topic}:${partition}`;

function headersOf(headers: [Buffer | null, Buffer | null][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of headers) if (k) out[k.toString('utf8')] = v ? v.toString('utf8') : '';
  return out;
}

/**
 * Fetches partitions from positions its caller keeps, through @platformatic/kafka's fetch call
 * rather than its message stream: the stream can neither rewind one partition after an aborted
 * transaction nor hand over a partition's messages as one batch, and its read_committed filter lets
 * aborted data through (a producer that aborts twice in one response; see read-committed.ts).
 */
export class PartitionReader {
  private readonly consumer: Consumer;

  constructor(
    base: BaseOptions,
    private readonly o: { maxWaitMs: number; partitionMaxBytes: number },
  ) {
    // The library's fetch and offset calls live on its Consumer; this one never joins its group.
    this.consumer = new Consumer({ ...base, groupId: `${base.clientId}.reader` });
  }

  async fetch(positions: Position[]): Promise<FetchedPartition[]> {
    if (positions.length === 0) return [];
    const metadata = await this.consumer.metadata({ topics: [...new Set(positions.map((p) => p.topic))] });
    const byLeader = new Map<number, Map<string, Position[]>>();
    for (const p of positions) {
      const topic = metadata.topics.get(p.topic)!;
      const leader = topic.partitions[p.partition].leader;
      let topics = byLeader.get(leader);
      if (!topics) byLeader.set(leader, (topics = new Map()));
      let list = topics.get(topic.id);
      if (!list) topics.set(topic.id, (list = []));
      list.push(p);
    }
    const from = new Map(positions.map((p) => [key(p.topic, p.partition), p]));
    const names = new Map([...metadata.topics].map(([name, t]) => [t.id, name]));
    const responses = await Promise.all(
      [...byLeader].map(([node, topics]) =>
        this.consumer
          .fetch({
            node,
            maxWaitTime: this.o.maxWaitMs,
            minBytes: 1,
            maxBytes: Math.min(64 * 1024 * 1024, this.o.partitionMaxBytes * positions.length),
            isolationLevel: FetchIsolationLevels.READ_COMMITTED,
            topics: [...topics].map(([topicId, list]) => ({
              topicId,
              partitions: list.map((p) => ({
                partition: p.partition,
                fetchOffset: p.offset,
                partitionMaxBytes: this.o.partitionMaxBytes,
                currentLeaderEpoch: -1,
                lastFetchedEpoch: -1,
              })),
            })),
          })
          .catch(async (error) => {
            if (!hasCode(error, 'OFFSET_OUT_OF_RANGE')) throw error;
            return undefined;
          }),
      ),
    );
    if (responses.includes(undefined)) return this.clampToLogStart(positions);
    const out: FetchedPartition[] = [];
    for (const response of responses) {
      for (const t of response!.responses) {
        const topic = names.get(t.topicId)!;
        for (const p of t.partitions) {
          const at = from.get(key(topic, p.partitionIndex))!.offset;
          const batches = p.records ?? [];
          const messages: InMessage[] = [];
          for (const batch of committedBatches(batches, p.abortedTransactions)) {
            for (const r of batch.records) {
              const offset = batch.firstOffset + BigInt(r.offsetDelta);
              // A fetch starts at the batch holding the position: skip what precedes it.
              if (offset < at) continue;
              messages.push({
                topic,
                partition: p.partitionIndex,
                offset: offset.toString(),
                key: r.key ?? null,
                value: r.value ?? null,
                headers: headersOf(r.headers),
                timestamp: (batch.firstTimestamp + r.timestampDelta).toString(),
              });
            }
          }
          const last = batches[batches.length - 1];
          const end = last ? last.firstOffset + BigInt(last.lastOffsetDelta) + 1n : at;
          out.push({
            topic,
            partition: p.partitionIndex,
            messages,
            next: end > at ? end : at,
            highWatermark: p.highWatermark,
          });
        }
      }
    }
    return out;
  }

  /** Each partition's offset at a time (ms), or its first or next-to-be-committed offset. */
  async offsets(topic: string, at: 'earliest' | 'latest' | number): Promise<bigint[]> {
    const timestamp =
      at === 'earliest'
        ? ListOffsetTimestamps.EARLIEST
        : at === 'latest'
          ? ListOffsetTimestamps.LATEST
          : BigInt(at);
    const offsets = await this.consumer.listOffsets({
      topics: [topic],
      timestamp,
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    });
    return offsets.get(topic) ?? [];
  }

  /** Positions that retention has deleted from under the reader move to the log's start. */
  private async clampToLogStart(positions: Position[]): Promise<FetchedPartition[]> {
    const out: FetchedPartition[] = [];
    for (const topic of new Set(positions.map((p) => p.topic))) {
      const starts = await this.offsets(topic, 'earliest');
      for (const p of positions.filter((q) => q.topic === topic)) {
        const start = starts[p.partition] ?? p.offset;
        out.push({ ...p, messages: [], next: start > p.offset ? start : p.offset, highWatermark: -1n });
      }
    }
    return out;
  }

  /** Forgets leaders and topic ids, after a failed fetch (a broker restart or a moved leader). */
  clearMetadata(): void {
    this.consumer.clearMetadata();
  }

  close(): Promise<void> {
    return this.consumer.close();
  }
}

/** Whether a @platformatic/kafka error, or one it wraps, carries this Kafka error code. */
export function hasCode(error: unknown, code: string): boolean {
  const e = error as { findBy?: (property: string, value: unknown) => unknown };
  return typeof e?.findBy === 'function' && Boolean(e.findBy('apiId', code));
}
