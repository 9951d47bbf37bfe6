import type { ArticleProjection } from '@newswire/contracts';
import type { ProjectionDelta } from '@newswire/projection';

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
