import type { ArticleEvent, ArticleProjection } from '@newswire/contracts';
import { project } from '@newswire/projection';
import { addVersion, type BulkBatch, type VersionChunk } from '@newswire/storage';

interface Held {
  /** What the schema holds of it (or will, once the write in flight commits): none when new. */
  stored: ArticleProjection | undefined;
  state: ArticleProjection;
  chunk: VersionChunk | undefined;
  partition: number;
  /** Offset of its first event since it was last written: its partition is not stored as read past it. */
  from: bigint;
  /** Bytes of the events folded into it: what the rebuild's memory cap counts. */
  bytes: number;
}

/**
 * A full rebuild's articles folded in memory, each written once when taken: every event of an
 * article read while it is held costs a fold, not a row. Held in order of their last change, so
 * the ones taken first are those least likely to have events still to come.
 */
export class HeldArticles {
  private readonly held = new Map<string, Held>();
  /** Bytes of the events folded into the articles held. */
  bytes = 0;

  has(articleId: string): boolean {
    return this.held.has(articleId);
  }

  /**
   * Folds `e`, read at `offset` of `partition` and `bytes` long, into its article, from `stored`
   * when it is not held yet. Returns whether the article changed.
   */
  fold(
    e: ArticleEvent,
    stored: ArticleProjection | undefined,
    at: { partition: number; offset: bigint; bytes: number },
  ): boolean {
    const held = this.held.get(e.articleId);
    const before = held ? held.state : stored;
    const after = project(before, e);
    if (after === before) return false;
    const versioned = after.version !== (before?.version ?? 0);
    const chunk = versioned ? addVersion(held?.chunk, before, after) : held?.chunk;
    if (held) {
      held.state = after;
      held.chunk = chunk;
      held.bytes += at.bytes;
      this.held.delete(e.articleId); // to the end: changed last
    }
    this.held.set(
      e.articleId,
      held ?? { stored, state: after, chunk, partition: at.partition, from: at.offset, bytes: at.bytes },
    );
    this.bytes += at.bytes;
    return true;
  }

  /**
   * Takes the articles changed longest ago until at most `keepBytes` are held: the rows to write,
   * and their states, which stand in for the rows until the write commits.
   */
  take(keepBytes: number): BulkBatch & { states: Map<string, ArticleProjection> } {
    const batch: BulkBatch = { articles: [], chunks: [] };
    const states = new Map<string, ArticleProjection>();
    for (const [id, h] of this.held) {
      if (this.bytes <= keepBytes) break;
      this.held.delete(id);
      this.bytes -= h.bytes;
      batch.articles.push({ before: h.stored, after: h.state });
      if (h.chunk) batch.chunks.push(h.chunk);
      states.set(id, h.state);
    }
    return { ...batch, states };
  }

  /** Per partition, the lowest offset that an article still held was changed from. */
  heldFrom(): Map<number, bigint> {
    const from = new Map<number, bigint>();
    for (const h of this.held.values()) {
      const low = from.get(h.partition);
      if (low === undefined || h.from < low) from.set(h.partition, h.from);
    }
    return from;
  }
}
