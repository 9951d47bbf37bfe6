import type { ArticleProjection } from '@newswire/contracts';
import { nextOffset, type InMessage, type MessageBus, type RunningConsumer } from '@newswire/kafka';
import type { Logger, StageMetrics } from '@newswire/observability';
import type { ReadModelWriter } from '@newswire/storage';
import { ArticleSink, type FoldedBatches, type SinkBatch } from './article-sink';
import { storeGroups } from './store-groups';
import { tickBatcher } from './tick-batcher';

/**
 * Batches of up to this many events in all share a database transaction. At 500 stories/s a round
 * brings a few events a partition and one transaction for them costs the database less than three;
 * at saturation each partition brings hundreds, and three transactions side by side use both cores.
 */
const STORE_TOGETHER_UP_TO = 100;

export interface LiveSinkSpec {
  stage: string;
  group: string;
  input: string;
  dlqTopic: string;
  projectionsTopic: string;
  sessionTimeoutMs: number;
  minRoundMs: number;
}

/**
 * article.events.v1 -> the read model + article.projections.v1, for as long as it runs: consumes
 * from the offsets the read model stores (the exactly-once sink is the database), stores each
 * turn's batches through ArticleSink, rewinds a partition whose read model is behind what Kafka
 * delivered, and merges the search index's pending list every second.
 */
export async function runArticleSink(
  deps: { bus: MessageBus; writer: ReadModelWriter; logger: Logger; metrics: StageMetrics },
  spec: LiveSinkSpec,
): Promise<RunningConsumer> {
  const { bus, writer, logger, metrics } = deps;
  const producer = await bus.producer();
  const sink = new ArticleSink({
    writer,
    group: spec.group,
    logger,
    metrics,
    stage: spec.stage,
    publish: { producer, projectionsTopic: spec.projectionsTopic, dlqTopic: spec.dlqTopic },
  });
  const rewound = new Map<string, string>();
  const turn = tickBatcher((batches: SinkBatch[]) =>
    storeTurn(sink, writer, spec.group, batches, rewound, logger),
  );
  const running = await bus.runSink({
    stage: spec.stage,
    groupId: spec.group,
    topics: [spec.input],
    sessionTimeoutMs: spec.sessionTimeoutMs,
    minRoundMs: spec.minRoundMs,
    startOffsets: async (topic, partition) =>
      (await writer.committedOffsets(spec.group, topic)).get(partition) ?? '0',
    handleBatch: (messages, at) => turn({ messages, at }),
  });
  const merging = mergeSearchEverySecond(writer, logger);
  return {
    joined: () => running.joined(),
    stop: async () => {
      clearInterval(merging);
      await running.stop();
      await producer.close();
    },
  };
}

/**
 * Stores the batches of the partitions handed over in the same turn (a round of the consumer):
 * small ones together in one database transaction, large ones each in its own, side by side, so
 * that at saturation the database works on every core. Any failure fails the whole turn: what did
 * commit is delivered again and changes nothing.
 */
async function storeTurn(
  sink: ArticleSink,
  writer: ReadModelWriter,
  group: string,
  batches: SinkBatch[],
  rewound: Map<string, string>,
  logger: Logger,
): Promise<(void | { rewindTo: string })[]> {
  const stored = new Map<string, Map<number, string>>();
  for (const topic of new Set(batches.map((b) => b.at.topic)))
    stored.set(topic, await writer.committedOffsets(group, topic));
  // The database says where each partition stands.
  const froms = batches.map(({ at }) => stored.get(at.topic)!.get(at.partition) ?? '0');
  const outcomes = batches.map(({ messages, at }, i): void | { rewindTo: string } => {
    // Behind what Kafka delivered (a read model rebuilt or switched by `newswire replay`, or
    // restored from a backup): read again from there. A gap made only of transaction markers
    // looks the same; after one rewind to the same place that delivers the same first offset,
    // the gap is known to hold no events.
    const from = froms[i];
    const first = messages[0].offset;
    const key = `${at.topic}:${at.partition}`;
    if (BigInt(from) >= BigInt(first) || rewound.get(key) === `${from}>${first}`) return;
    rewound.set(key, `${from}>${first}`);
    logger.info({ ...at, stored: from, delivered: first }, 'read model is behind the consumer: rewinding');
    return { rewindTo: from };
  });
  // What the read model already holds (delivered again after a failed turn) is left out: its
  // events would change nothing, but a dead letter among them would be written twice.
  const kept = batches
    .map(({ messages, at }, i) => ({
      messages: outcomes[i] ? [] : messages.filter((m) => BigInt(m.offset) >= BigInt(froms[i])),
      at,
    }))
    .filter((b) => b.messages.length > 0);
  // Every transaction settled before the turn fails: none is still running when its batches are
  // delivered again.
  const settled = await Promise.allSettled(
    storeGroups(kept, STORE_TOGETHER_UP_TO).map((g) => sink.storeIsolatingRefusals(g)),
  );
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes;
}

/**
 * New articles' search vectors wait in the text index's pending list; merging it here, beside the
 * writes, keeps any batch from merging it itself (see migration 0009_search_pending_list).
 */
function mergeSearchEverySecond(writer: ReadModelWriter, logger: Logger): NodeJS.Timeout {
  let running = false;
  let failing = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    writer
      .mergeSearchPending()
      .then(() => (failing = false))
      .catch((error: unknown) => {
        if (!failing) logger.warn({ error: String(error) }, 'merging the search index failed; retrying');
        failing = true;
      })
      .finally(() => (running = false));
  }, 1000);
  timer.unref();
  return timer;
}

/**
 * Events a rebuild folds and stores per transaction, across partitions. Each article's rows are
 * written once per chunk it has events in, so larger chunks write less; the chunk in hand and the
 * one being stored are what the rebuild holds in memory.
 */
export const REBUILD_CHUNK_EVENTS = 20_000;

export interface RebuildSpec {
  topic: string;
  /** The live projector's group: its offsets in the rebuilt schema are where the projector goes on. */
  group: string;
  /** Which events to apply (the others only move the stored offsets on); all by default. */
  applies?: (m: InMessage) => boolean;
  /** Told the log's events still to read at the start, then each chunk's count once stored. */
  onProgress?: (stored: number, total?: number) => void;
  chunkEvents?: number;
}

/**
 * The sink in stop-at-end mode: a full rebuild of `writer`'s schema at bulk speed. Reads the log
 * from the offsets stored there (so an interrupted rebuild resumes) to its current end, with the
 * schema's secondary and search indexes dropped; folds it in chunks of `chunkEvents` events and
 * stores each chunk's rows, one statement per table, while the next chunk is read and folded; then
 * builds the indexes once. Returns the events applied.
 */
export async function rebuildReadModel(
  deps: { bus: MessageBus; writer: ReadModelWriter; logger: Logger },
  spec: RebuildSpec,
): Promise<number> {
  const { bus, writer, logger } = deps;
  const { topic, group, applies } = spec;
  const chunkEvents = spec.chunkEvents ?? REBUILD_CHUNK_EVENTS;
  const sink = new ArticleSink({ writer, group, logger, stage: 'replay' });
  await writer.deferIndexes();
  const stored = await writer.committedOffsets(group, topic);
  if (spec.onProgress) {
    const admin = await bus.admin();
    const ends = await admin.topicOffsets(topic).finally(() => admin.close());
    spec.onProgress(
      0,
      ends.reduce((n, e) => n + Number(BigInt(e.high) - BigInt(stored.get(e.partition) ?? e.low)), 0),
    );
  }
  let applied = 0;
  // The chunk being stored: its folded states stand in for rows not committed yet.
  let storing: { done: Promise<boolean>; states: Map<string, ArticleProjection> } | undefined;
  const loadAhead = async (ids: string[]): Promise<Map<string, ArticleProjection>> => {
    const found = new Map<string, ArticleProjection>();
    const rest = ids.filter((id) => {
      const p = storing?.states.get(id);
      if (p) found.set(id, p);
      return !p;
    });
    for (const [id, p] of await writer.load(rest)) found.set(id, p);
    return found;
  };
  const store = async (chunk: SinkBatch[], read: number): Promise<void> => {
    let next: FoldedBatches = await sink.fold(chunk, loadAhead);
    // A chunk stored event by event (a refusal) may differ from the fold the next one was read over.
    if (storing && (await storing.done)) next = await sink.fold(chunk, (ids) => writer.load(ids));
    const started = Date.now();
    const states = new Map(next.folded.articles.map((c) => [c.after.articleId, c.after]));
    const done = sink
      .storeIsolatingRefusals(chunk, async () => {
        await writer.transaction((trx) => sink.store(trx, next));
        sink.committed(next, started);
      })
      .then((isolated) => {
        applied += next.events.length;
        spec.onProgress?.(read);
        return isolated;
      });
    done.catch(() => undefined); // awaited by the next chunk or at the end
    storing = { done, states };
  };
  // One chunk folds while the one before it is stored: `flushing` keeps them in order.
  let chunk = new Map<number, SinkBatch>();
  let inChunk = 0;
  let read = 0;
  let flushing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const full = [...chunk.values()];
    const count = read;
    chunk = new Map();
    inChunk = 0;
    read = 0;
    flushing = flushing.then(() => store(full, count));
    return flushing;
  };
  await bus.readToEnd(
    topic,
    async (messages) => {
      const { partition } = messages[0];
      const batch = chunk.get(partition) ?? { messages: [], at: { topic, partition, nextOffset: '0' } };
      for (const m of messages) if (!applies || applies(m)) batch.messages.push(m);
      batch.at.nextOffset = nextOffset(messages[messages.length - 1].offset);
      chunk.set(partition, batch);
      inChunk += messages.length;
      read += messages.length;
      if (inChunk >= chunkEvents) await flush();
    },
    { from: Object.fromEntries(stored) },
  );
  if (inChunk > 0) await flush();
  await flushing;
  if (storing) await storing.done;
  await writer.buildIndexes();
  return applied;
}
