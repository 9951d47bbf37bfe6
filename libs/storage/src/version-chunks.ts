import type { ArticleProjection } from '@newswire/contracts';
import { projectionDelta, type ProjectionDelta } from '@newswire/projection';

/** A version stored whole every so many (1, 17, 33, ...); the others are deltas from the one before. */
export const VERSION_SNAPSHOT_EVERY = 16;
/** Versions are `integer` columns. */
export const MAX_VERSION = 2 ** 31 - 1;
export const isSnapshot = (version: number): boolean => (version - 1) % VERSION_SNAPSHOT_EVERY === 0;

/** One version in a chunk row: a whole projection, or the delta from the version before it. */
export interface VersionEntry {
  at: string;
  kind: string;
  projection?: ArticleProjection;
  delta?: ProjectionDelta;
}

/** One chunk row: consecutive new versions of an article, stored together. */
export interface VersionChunk {
  articleId: string;
  firstVersion: number;
  lastVersion: number;
  entries: VersionEntry[];
}

/**
 * Adds the version `after` (folded from `before`, none for the article's first) to its article's
 * chunk, starting the chunk when there is none yet.
 */
export function addVersion(
  chunk: VersionChunk | undefined,
  before: ArticleProjection | undefined,
  after: ArticleProjection,
): VersionChunk {
  const revision = after.revisions[after.version - 1];
  const entry: VersionEntry =
    before === undefined || isSnapshot(after.version)
      ? { at: revision.at, kind: revision.kind, projection: after }
      : { at: revision.at, kind: revision.kind, delta: projectionDelta(before, after) };
  if (!chunk)
    return {
      articleId: after.articleId,
      firstVersion: after.version,
      lastVersion: after.version,
      entries: [entry],
    };
  chunk.lastVersion = after.version;
  chunk.entries.push(entry);
  return chunk;
}
