import type { ArticleProjection } from '@newswire/contracts';

/**
 * What turns one stored version of an article into the next. Most versions add one entry to a
 * list (a copy, a source, a revision) to a ~3 KB projection: storing that entry instead of a
 * whole copy per version is what keeps a rebuild's writes small.
 */
export interface ProjectionDelta {
  /** Fields with a new value (a list that was not just appended to is set whole). */
  set?: Partial<ArticleProjection>;
  /** Lists whose new value is the old one plus these entries at the end. */
  append?: Partial<Record<keyof ArticleProjection, unknown[]>>;
  /** Optional fields the new version no longer has. */
  unset?: (keyof ArticleProjection)[];
}

type Fields = Record<string, unknown>;

/** `project` shares unchanged values with the previous projection, so identity finds appends. */
function appended(from: unknown, to: unknown): unknown[] | undefined {
  if (!Array.isArray(from) || !Array.isArray(to) || to.length < from.length) return undefined;
  for (let i = 0; i < from.length; i++) if (from[i] !== to[i]) return undefined;
  return to.slice(from.length);
}

/** The delta from `from` to `to`; `applyProjectionDelta(from, delta)` equals `to` (as JSON). */
export function projectionDelta(from: ArticleProjection, to: ArticleProjection): ProjectionDelta {
  const a = from as unknown as Fields;
  const b = to as unknown as Fields;
  const set: Fields = {};
  const append: Record<string, unknown[]> = {};
  const unset: string[] = [];
  for (const key of Object.keys(b)) {
    if (a[key] === b[key]) continue;
    if (b[key] === undefined) {
      unset.push(key);
      continue;
    }
    const added = appended(a[key], b[key]);
    if (added) append[key] = added;
    else set[key] = b[key];
  }
  for (const key of Object.keys(a)) if (!(key in b) && a[key] !== undefined) unset.push(key);
  const delta: ProjectionDelta = {};
  if (Object.keys(set).length > 0) delta.set = set as Partial<ArticleProjection>;
  if (Object.keys(append).length > 0) delta.append = append;
  if (unset.length > 0) delta.unset = unset as (keyof ArticleProjection)[];
  return delta;
}

export function applyProjectionDelta(from: ArticleProjection, delta: ProjectionDelta): ArticleProjection {
  const next: Fields = { ...from, ...delta.set };
  for (const [key, added] of Object.entries(delta.append ?? {}))
    next[key] = [...((next[key] as unknown[]) ?? []), ...(added ?? [])];
  for (const key of delta.unset ?? []) delete next[key];
  return next as unknown as ArticleProjection;
}
