import type { ArticleProjection } from '@newswire/contracts';

/**
 * What turns one stored version of an article into the next. Most versions add one entry to a
 * list (a copy, a source, a revision) of a ~6 KB projection, and a revision changes a few
 * paragraphs: storing just that instead of a whole copy per version keeps a rebuild's writes small.
 */
export interface ProjectionDelta {
  /** Fields with a new value (a list that shares no first entry with the old one is set whole). */
  set?: Partial<ArticleProjection>;
  /** Lists that keep their first `keep[field]` entries (all when absent) and then add these. */
  append?: Partial<Record<keyof ArticleProjection, unknown[]>>;
  keep?: Partial<Record<keyof ArticleProjection, number>>;
  /** Optional fields the new version no longer has. */
  unset?: (keyof ArticleProjection)[];
}

type Fields = Record<string, unknown>;

/**
 * Entries that serialize to the same JSON (same keys in the same order, same values): a revision
 * regroups the same attributions into new objects. Walked rather than stringified, which
 * allocated a third of the delta's cost; a false "different" only makes a delta larger.
 */
function sameEntry(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const a = x as Fields;
  const b = y as Fields;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++)
    if (keys[i] !== other[i] || !sameEntry(a[keys[i]], b[keys[i]])) return false;
  return true;
}

/**
 * How many first entries two lists share, or -1 when either is not a list: a copy appends to
 * `sources`, a revision keeps the paragraphs before the first it changes.
 */
function sharedPrefix(from: unknown, to: unknown): number {
  if (!Array.isArray(from) || !Array.isArray(to)) return -1;
  let n = 0;
  while (n < from.length && n < to.length && sameEntry(from[n], to[n])) n++;
  return n;
}

/** The delta from `from` to `to`; `applyProjectionDelta(from, delta)` equals `to` (as JSON). */
export function projectionDelta(from: ArticleProjection, to: ArticleProjection): ProjectionDelta {
  const a = from as unknown as Fields;
  const b = to as unknown as Fields;
  const set: Fields = {};
  const append: Record<string, unknown[]> = {};
  const keep: Record<string, number> = {};
  const unset: string[] = [];
  for (const key of Object.keys(b)) {
    if (a[key] === b[key]) continue;
    if (b[key] === undefined) {
      unset.push(key);
      continue;
    }
    const shared = sharedPrefix(a[key], b[key]);
    const old = a[key] as unknown[];
    const next = b[key] as unknown[];
    if (shared < 0 || (shared === 0 && old.length > 0)) set[key] = b[key];
    else if (shared < next.length || shared < old.length) {
      if (shared < old.length) keep[key] = shared;
      append[key] = next.slice(shared);
    }
  }
  for (const key of Object.keys(a)) if (!(key in b) && a[key] !== undefined) unset.push(key);
  const delta: ProjectionDelta = {};
  if (Object.keys(set).length > 0) delta.set = set as Partial<ArticleProjection>;
  if (Object.keys(append).length > 0) delta.append = append;
  if (Object.keys(keep).length > 0) delta.keep = keep;
  if (unset.length > 0) delta.unset = unset as (keyof ArticleProjection)[];
  return delta;
}

export function applyProjectionDelta(from: ArticleProjection, delta: ProjectionDelta): ArticleProjection {
  const next: Fields = { ...from, ...delta.set };
  const keep = (delta.keep ?? {}) as Record<string, number>;
  for (const [key, added] of Object.entries(delta.append ?? {})) {
    const old = (next[key] as unknown[] | undefined) ?? [];
    next[key] = [...old.slice(0, keep[key] ?? old.length), ...(added ?? [])];
  }
  for (const key of delta.unset ?? []) delete next[key];
  return next as unknown as ArticleProjection;
}
