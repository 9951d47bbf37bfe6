import { upcastEvent, type ArticleEvent } from '@newswire/contracts';
import { nextOffset, type InMessage, type MessageBus } from '@newswire/kafka';
import type { ReadModelStore } from '@newswire/storage';
import type { CliIo } from './command';
import { Progress } from './progress';

/** Events a rebuild applies per transaction: one transaction per fetched batch was the bottleneck. */
export const REBUILD_TRANSACTION_EVENTS = 5000;
/** Transactions applied at once: the database works on these while this process reads and parses on. */
const TRANSACTIONS_IN_FLIGHT = 3;

/**
 * Applies the event log to `store` from the offsets stored there up to the log's current end: what
 * `newswire replay projections` does, and what `npm run bench -- replay` times. `applies` picks the
 * events to apply (the others only move the stored offsets on).
 * Reading only waits for the database when `concurrency` transactions are pending; partitions hold
 * disjoint articles, so their transactions overlap, each partition's still in log order.
 */
export async function rebuildReadModel(
  store: ReadModelStore,
  bus: MessageBus,
  topic: string,
  group: string,
  opts: { applies?: (m: InMessage) => boolean; io?: CliIo; concurrency?: number } = {},
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
  const buffers = new Map<number, { events: ArticleEvent[]; read: number; last: string }>();
  const chains = new Map<number, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const concurrency = opts.concurrency ?? TRANSACTIONS_IN_FLIGHT;
  let applied = 0;
  const flush = (partition: number): void => {
    const buffer = buffers.get(partition);
    if (!buffer) return;
    buffers.delete(partition);
    const done = (chains.get(partition) ?? Promise.resolve())
      .then(async () => {
        if (failure) return;
        await store.applyBatch({
          events: buffer.events,
          offsets: [{ topic, partition, nextOffset: nextOffset(buffer.last) }],
          group,
        });
        applied += buffer.events.length;
        progress?.add(buffer.read);
      })
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(done));
    chains.set(partition, done);
    inFlight.add(done);
  };
  const settle = async (limit: number): Promise<void> => {
    while (inFlight.size > limit) await Promise.race(inFlight);
    if (failure) throw failure.error;
  };
  await bus.readToEnd(
    topic,
    async (batch) => {
      if (failure) throw failure.error;
      const partition = batch[0].partition;
      const buffer = buffers.get(partition) ?? { events: [], read: 0, last: '0' };
      buffer.read += batch.length;
      for (const m of batch)
        if (!opts.applies || opts.applies(m))
          buffer.events.push(upcastEvent(JSON.parse(m.value!.toString('utf8'))));
      buffer.last = batch[batch.length - 1].offset;
      buffers.set(partition, buffer);
      if (buffer.events.length >= REBUILD_TRANSACTION_EVENTS) {
        flush(partition);
        await settle(concurrency - 1);
      }
    },
    { from: Object.fromEntries(stored) },
  );
  for (const partition of [...buffers.keys()]) flush(partition);
  await settle(0);
  await store.mergeSearchPending();
  if (progress && opts.io) {
    const { seconds, perSecond } = progress.finish();
    opts.io.err(`replayed ${applied} events in ${seconds.toFixed(1)} s (${Math.round(perSecond)} events/s)`);
  }
  return applied;
}
