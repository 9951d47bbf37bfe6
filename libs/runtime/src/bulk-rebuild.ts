import type { ArticleEvent, ArticleProjection } from '@newswire/contracts';
import {
  articleEventOf,
  describeFailure,
  nextOffset,
  type InMessage,
  type MessageBus,
} from '@newswire/kafka';
import type { Logger } from '@newswire/observability';
import type { OffsetCommit, ReadModelWriter } from '@newswire/storage';
import { ArticleSink, refusalOf } from './article-sink';
import { HeldArticles } from './held-articles';

/**
 * Bytes of events a rebuild folds into the articles it holds in memory before it writes the
 * longest unchanged half of them: what bounds its memory. An article whose events span more of the
 * log is written more than once. Measured on 100,000 bench events (BENCHMARKS.md, "Replay"): 4 MB
 * 57 us of node CPU an event, 16 MB 60, 64 MB 63, all held 69, the collector walking what is held.
 */
export const REBUILD_HOLD_BYTES = 16 * 2 ** 20;

export interface RebuildSpec {
  topic: string;
  /** The live projector's group: its offsets in the rebuilt schema are where the projector goes on. */
  group: string;
  /** Which events to apply (the others only move the stored offsets on); all by default. */
  applies?: (m: InMessage) => boolean;
  /** Told the log's events still to read at the start, then each batch's count once folded. */
  onProgress?: (read: number, total?: number) => void;
  /** The memory cap, in bytes of events held (default REBUILD_HOLD_BYTES). */
  holdBytes?: number;
}

/**
 * The sink in stop-at-end mode: a full rebuild of `writer`'s schema at bulk speed. Reads the log
 * from the offsets stored there (so an interrupted rebuild resumes) to its current end, with the
 * schema's secondary and search indexes dropped; folds every article in memory and writes its
 * final rows once (HeldArticles), a group of articles at a time when what is held passes
 * `holdBytes`, each group in one transaction with the offsets the schema is complete up to, while
 * reading goes on; then builds the indexes once. Returns the events applied (after a fallback
 * below, those since the stored offsets it went on from).
 *
 * A group the database refuses (a value of one event it cannot store) is not split here: the
 * rebuild goes on from the stored offsets through the live sink's path, which stores event by
 * event around a refusal and skips the refused one, as the live projector dead-lettered it.
 */
export async function rebuildReadModel(
  deps: { bus: MessageBus; writer: ReadModelWriter; logger: Logger },
  spec: RebuildSpec,
): Promise<number> {
  const { bus, writer, logger } = deps;
  await writer.deferIndexes();
  const stored = await writer.committedOffsets(spec.group, spec.topic);
  if (spec.onProgress) {
    const admin = await bus.admin();
    const ends = await admin.topicOffsets(spec.topic).finally(() => admin.close());
    spec.onProgress(
      0,
      ends.reduce((n, e) => n + Number(BigInt(e.high) - BigInt(stored.get(e.partition) ?? e.low)), 0),
    );
  }
  let applied: number;
  try {
    applied = await foldInMemory(deps, spec, stored);
  } catch (error) {
    const refused = refusalOf(error);
    if (!refused) throw error;
    logger.warn(
      { reason: refused.message },
      'the database refused a group of articles: rebuilding on event by event',
    );
    applied = await storeEventByEvent(deps, spec);
  }
  await writer.buildIndexes();
  return applied;
}

async function foldInMemory(
  { bus, writer, logger }: { bus: MessageBus; writer: ReadModelWriter; logger: Logger },
  { topic, group, applies, onProgress, holdBytes = REBUILD_HOLD_BYTES }: RebuildSpec,
  stored: Map<number, string>,
): Promise<number> {
  const held = new HeldArticles();
  // An empty schema stores only what this run wrote: no other article needs looking up.
  const written = (await writer.hasArticles()) ? undefined : new Set<string>();
  const readTo = new Map<number, string>(stored);
  let writing: { done: Promise<void>; states: Map<string, ArticleProjection> } | undefined;
  let applied = 0;

  const write = async (keepBytes: number): Promise<void> => {
    if (writing) await writing.done;
    const batch = held.take(keepBytes);
    // Complete up to the first event of any article still held, in each partition.
    const from = held.heldFrom();
    const offsets: OffsetCommit[] = [...readTo].map(([partition, end]) => ({
      topic,
      partition,
      nextOffset: String(from.get(partition) ?? end),
    }));
    for (const { after } of batch.articles) written?.add(after.articleId);
    const done = writer.transaction((trx) => trx.storeBulk(batch, offsets, group));
    done.catch(() => undefined); // awaited by the next write or at the end
    writing = { done, states: batch.states };
  };

  await bus.readToEnd(
    topic,
    async (messages) => {
      const { partition } = messages[0];
      const events: { e: ArticleEvent; m: InMessage }[] = [];
      for (const m of messages) {
        if (applies && !applies(m)) continue;
        try {
          events.push({ e: articleEventOf(m), m });
        } catch (error) {
          const { code, message } = describeFailure(error);
          logger.warn(
            { code, reason: message, articleId: m.key?.toString('utf8'), partition, offset: m.offset },
            'event skipped (the live projector dead-letters it)',
          );
        }
      }
      const lookUp = new Set<string>();
      for (const { e } of events) {
        const id = e.articleId;
        if (!held.has(id) && !writing?.states.has(id) && (!written || written.has(id))) lookUp.add(id);
      }
      const found = lookUp.size > 0 ? await writer.load([...lookUp]) : undefined;
      for (const { e, m } of events)
        held.fold(e, writing?.states.get(e.articleId) ?? found?.get(e.articleId), {
          partition,
          offset: BigInt(m.offset),
          bytes: m.value?.length ?? 0,
        });
      applied += events.length;
      readTo.set(partition, nextOffset(messages[messages.length - 1].offset));
      onProgress?.(messages.length);
      if (held.bytes > holdBytes) await write(holdBytes / 2);
    },
    { from: Object.fromEntries(stored) },
  );
  await write(0);
  await writing!.done;
  return applied;
}

/** The rest of the log, from the stored offsets, through the live sink's refusal isolation. */
async function storeEventByEvent(
  { bus, writer, logger }: { bus: MessageBus; writer: ReadModelWriter; logger: Logger },
  { topic, group, applies }: RebuildSpec,
): Promise<number> {
  const sink = new ArticleSink({ writer, group, logger, stage: 'replay' });
  let applied = 0;
  await bus.readToEnd(
    topic,
    async (messages) => {
      const kept = applies ? messages.filter(applies) : messages;
      const at = {
        topic,
        partition: messages[0].partition,
        nextOffset: nextOffset(messages[messages.length - 1].offset),
      };
      await sink.storeIsolatingRefusals([{ messages: kept, at }]);
      applied += kept.length;
    },
    { from: Object.fromEntries(await writer.committedOffsets(group, topic)) },
  );
  return applied;
}
