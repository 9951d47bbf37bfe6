import type { ArticleProjection, DeliveredState, ProjectionRevision } from '@newswire/contracts';

/**
 * What the router does for one subscriber with a new projection of an article: `deliver` it (as
 * it is: a withdrawn article goes out canceled), `withdraw` it (it went out before and must now be
 * canceled there: a kill, or it stopped matching the filter), or nothing. `next` is what the
 * subscriber then holds.
 */
export type RouteDecision =
  | { action: 'deliver'; signal: string; next: DeliveredState }
  | { action: 'withdraw'; signal: 'withdrawn' | 'unmatched'; next: DeliveredState }
  | { action: 'none' };

const NONE: RouteDecision = { action: 'none' };

/** Revisions that change what a subscriber reads; a copy, a link or a late version does not. */
const CONTENT_KINDS = new Set<ProjectionRevision['kind']>([
  'published',
  'update',
  'correction',
  'writethru',
  'new-guid',
  'withdrawn',
]);

/**
 * `previous`: what this subscriber was last sent of the article (undefined: nothing). `matches`:
 * whether the projection passes the subscriber's filter. An older or repeated projection (version
 * at or below the one delivered: a redelivery, a projection published twice) changes nothing.
 */
export function routeDecision(
  previous: DeliveredState | undefined,
  p: ArticleProjection,
  matches: boolean,
): RouteDecision {
  if (previous && p.version <= previous.version) return NONE;
  const live = p.status === 'published';
  const at = { version: p.version, live };
  if (!previous) return matches ? { action: 'deliver', signal: signalOf(p, 0), next: at } : NONE;
  if (previous.live && !live) return { action: 'withdraw', signal: 'withdrawn', next: at };
  if (previous.live && !matches)
    return { action: 'withdraw', signal: 'unmatched', next: { version: p.version, live: false } };
  if (!matches || !live) return NONE;
  // Live again (republished after a kill, or matching again), or a change a reader sees.
  if (!previous.live || changedSince(p, previous.version))
    return { action: 'deliver', signal: signalOf(p, previous.version), next: at };
  return NONE;
}

function changedSince(p: ArticleProjection, version: number): boolean {
  return p.revisions.some((r) => r.n > version && r.applied && CONTENT_KINDS.has(r.kind));
}

/** The latest change a reader sees since `version` (the projection's kind of change). */
function signalOf(p: ArticleProjection, version: number): string {
  for (let i = p.revisions.length - 1; i >= 0; i--) {
    const r = p.revisions[i];
    if (r.n > version && r.applied && CONTENT_KINDS.has(r.kind)) return r.kind;
  }
  return p.revisions.at(-1)?.kind ?? 'published';
}
