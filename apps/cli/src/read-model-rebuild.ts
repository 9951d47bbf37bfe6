import { upcastEvent, type ArticleEvent } from '@newswire/contracts';
import { nextOffset, type MessageBus } from '@newswire/kafka';
import type { ReadModelStore } from '@newswire/storage';
import type { CliIo } from './command';
import { Progress } from './progress';

/** Events a rebuild applies per transaction: one transaction per fetched batch was the bottleneck. */
export const REBUILD_TRANSACTION_EVENTS = 5000;

/**
 * Applies the event log to `store` from the offsets stored there (or from a time) up to the log's
 * current end: what `newswire replay projections` does, and what `npm run bench -- replay` times.
 * Partitions hold disjoint articles, so they are applied side by side, each in order.
 */
export async function rebuildReadModel(
  store: ReadModelStore,
  bus: MessageBus,
  topic: string,
  group: string,
  opts: { fromTimestamp?: number; io?: CliIo; concurrency?: number } = {},
): Promise<number> {
  const stored = await store.committedOffsets(group, topic);
  const admin = await bus.admin();
  const ends = await admin.topicOffsets(topic);
  await admin.close();
  const total = ends.reduce(
    (n, e) => n + Number(BigInt(e.high) - BigInt(stored.get(e.partition) ?? e.low)),
    0,
  );
  const progress = opts.io
    ? new Progress('replay', total, (t) => opts.io!.err(t.replace(/\n$/, '')))
    : undefined;
  const buffers = new Map<number, { events: ArticleEvent[]; last: string }>();
  let applied = 0;
  const flush = async (partition: number) => {
    const buffer = buffers.get(partition);
    if (!buffer || buffer.events.length === 0) return;
    buffers.delete(partition);
    await store.applyBatch({
      events: buffer.events,
      offsets: [{ topic, partition, nextOffset: nextOffset(buffer.last) }],
      group,
    });
    applied += buffer.events.length;
    progress?.add(buffer.events.length);
  };
  await bus.readToEnd(
    topic,
    async (batch) => {
      const partition = batch[0].partition;
      const buffer = buffers.get(partition) ?? { events: [], last: '0' };
      for (const m of batch) buffer.events.push(upcastEvent(JSON.parse(m.value!.toString('utf8'))));
      buffer.last = batch[batch.length - 1].offset;
      buffers.set(partition, buffer);
      if (buffer.events.length >= REBUILD_TRANSACTION_EVENTS) await flush(partition);
    },
    {
      ...(opts.fromTimestamp !== undefined
        ? { fromTimestamp: opts.fromTimestamp }
        : { from: Object.fromEntries(stored) }),
      concurrency: opts.concurrency ?? 3,
    },
  );
  for (const partition of [...buffers.keys()]) await flush(partition);
  if (progress && opts.io) {
    const { seconds, perSecond } = progress.finish();
    opts.io.err(`replayed ${applied} events in ${seconds.toFixed(1)} s (${Math.round(perSecond)} events/s)`);
  }
  return applied;
}
