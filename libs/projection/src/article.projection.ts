import type {
  ArticleEvent,
  ArticleProjection,
  Attribution,
  CanonicalStory,
  EventOf,
  OutletAttributions,
  ProjectionRevision,
  ProjectionSource,
} from '@newswire/contracts';

/** The projection before any event: version 0, never stored or published. */
export function initialProjection(articleId: string): ArticleProjection {
  return {
    articleId,
    version: 0,
    status: 'published',
    headline: '',
    body: [],
    language: '',
    firstPublished: '',
    lastRevised: '',
    sources: [],
    attributions: [],
    duplicates: [],
    related: [],
    revisions: [],
    lastSequence: 0,
    registryVersion: '',
  };
}

/** What one event changes: the next fields and the history entry, or nothing a reader can see. */
type Change = { next: Partial<ArticleProjection>; revision: Omit<ProjectionRevision, 'n'> } | undefined;

/**
 * The fold: `events.reduce(project, undefined)` replays an article. An event at or below
 * `lastSequence` was applied already and is ignored, so redelivery changes nothing. Each event a
 * reader can see bumps `version` by exactly one and appends to `revisions`; one that changes
 * nothing visible (a copy or link already recorded) only advances `lastSequence`.
 */
export function project(p: ArticleProjection | undefined, e: ArticleEvent): ArticleProjection {
  const current = p ?? initialProjection(e.articleId);
  if (e.sequence <= current.lastSequence) return current;
  const change = changeOf(current, e);
  if (!change) return { ...current, lastSequence: e.sequence };
  const version = current.version + 1;
  return {
    ...current,
    ...change.next,
    version,
    revisions: [...current.revisions, { n: version, ...change.revision }],
    lastSequence: e.sequence,
  };
}

function changeOf(p: ArticleProjection, e: ArticleEvent): Change {
  switch (e.type) {
    case 'ArticlePublished':
      return {
        next: {
          ...projectionContent(e.payload.story, e.payload.attributions, e.payload.registryVersion),
          status: 'published',
          firstPublished: e.occurredAt,
          lastRevised: e.occurredAt,
          sources: [...p.sources, sourceOf(e.payload.story, e.occurredAt, 'original')],
        },
        revision: { at: e.occurredAt, kind: 'published', changed: [], applied: true },
      };
    case 'ArticleRevised':
      return revised(p, e);
    case 'ArticleWithdrawn': {
      const { source, guid, version } = e.payload;
      if (
        p.status === 'withdrawn' &&
        p.sources.some((s) => s.source === source && s.guid === guid && s.version === version)
      ) {
        return undefined;
      }
      return {
        next: {
          status: 'withdrawn',
          lastRevised: e.occurredAt,
          sources: [...p.sources, { source, guid, version, receivedAt: e.occurredAt, role: 'revision' }],
        },
        revision: { at: e.occurredAt, kind: 'withdrawn', changed: ['status'], applied: true },
      };
    }
    case 'DuplicateReceived': {
      const { fingerprints: _indexedBy, ...copy } = e.payload;
      const { source, guid, version, receivedAt } = copy;
      if (p.duplicates.some((d) => d.source === source && d.guid === guid && d.version === version))
        return undefined;
      return {
        next: {
          duplicates: [...p.duplicates, copy],
          sources: [...p.sources, { source, guid, version, receivedAt, role: 'duplicate' }],
        },
        revision: { at: e.occurredAt, kind: 'duplicate', changed: ['duplicates'], applied: true },
      };
    }
    case 'RelatedArticleLinked': {
      const link = {
        articleId: e.payload.relatedArticleId,
        similarity: e.payload.similarity,
        headline: e.payload.headline,
        ...(e.payload.explanation ? { explanation: e.payload.explanation } : {}),
      };
      const known = p.related.find((r) => r.articleId === link.articleId);
      if (known && known.similarity === link.similarity && known.headline === link.headline) return undefined;
      return {
        next: { related: [...p.related.filter((r) => r !== known), link] },
        revision: { at: e.occurredAt, kind: 'related', changed: ['related'], applied: true },
      };
    }
  }
}

/**
 * A late (older) wire version is not applied over newer content (applied: false), but it is still
 * provenance a reader can see in `sources` and `revisions`, so it makes a version of its own.
 */
function revised(p: ArticleProjection, e: EventOf<'ArticleRevised'>): Change {
  const { story, applied, kind } = e.payload;
  const sources = [...p.sources, sourceOf(story, e.occurredAt, 'revision')];
  if (!applied) {
    return { next: { sources }, revision: { at: e.occurredAt, kind, changed: ['sources'], applied: false } };
  }
  return {
    next: {
      ...projectionContent(story, e.payload.attributions, e.payload.registryVersion),
      // A usable later version republishes an article that an earlier version withdrew.
      status: 'published',
      lastRevised: e.occurredAt,
      sources,
    },
    revision: { at: e.occurredAt, kind, changed: e.payload.changed.map(projectionField), applied: true },
  };
}

/** Canonical-story field names that the projection spells differently. */
const FIELD_NAMES: Record<string, string> = { subheadline: 'standfirst' };
const projectionField = (storyField: string): string => FIELD_NAMES[storyField] ?? storyField;

/** The projection's fields that a story and its attributions give (what a version replaces). */
export function projectionContent(
  story: CanonicalStory,
  attributions: Attribution[],
  registryVersion: string,
): Partial<ArticleProjection> {
  return {
    headline: story.headline,
    standfirst: story.subheadline,
    body: story.body,
    language: story.language,
    dateline: story.dateline,
    // Left out when the wire has none, so that the projections of such stories keep their bytes.
    urgency: story.urgency,
    subjects: story.subjects.length ? story.subjects : undefined,
    keywords: story.keywords.length ? story.keywords : undefined,
    attributions: groupByOutlet(attributions),
    registryVersion,
  };
}

function sourceOf(
  story: CanonicalStory,
  receivedAt: string,
  role: ProjectionSource['role'],
): ProjectionSource {
  return { source: story.source, guid: story.guid, version: story.version, receivedAt, role };
}

/** Outlets in the order the body first cites them; claims in body order. */
export function groupByOutlet(attributions: Attribution[]): OutletAttributions[] {
  const sorted = [...attributions].sort(
    (a, b) => a.start - b.start || a.end - b.end || byCodeUnit(a.outlet.id, b.outlet.id),
  );
  const groups = new Map<string, OutletAttributions>();
  for (const { outlet, cue, claim, sentence, start, end, confidence } of sorted) {
    const group = groups.get(outlet.id) ?? { outlet, claims: [] };
    group.claims.push({ cue, claim, sentence, start, end, confidence });
    groups.set(outlet.id, group);
  }
  return [...groups.values()];
}

/** Locale-independent, so that every machine replays to the same bytes. */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
