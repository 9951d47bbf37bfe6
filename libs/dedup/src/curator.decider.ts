import type { ArticleEvent, Causation, EnrichedStoryMessage, EventOf, MatchBy } from '@newswire/contracts';
import { articleIdOf, guidKey } from './article-id';
import type { Candidate, CuratorIndex } from './curator-index';
import type { DedupConfig } from './dedup-config';
import { fingerprintsOf } from './fingerprint';
import { storyMinutes } from './curator-index';

export interface CuratorInput {
  message: EnrichedStoryMessage;
  causation: Causation;
}

export type DecisionKind = 'published' | 'revised' | 'withdrawn' | 'duplicate' | 'related' | 'replay';

export interface Decision {
  kind: DecisionKind;
  /** The article the input landed on (for `related`, the new article). */
  articleId: string;
  /** The article it was matched with, how, and how similar (1 for the same canonical text). */
  match?: { articleId: string; by: MatchBy; similarity: number };
}

type Payload<T extends ArticleEvent['type']> = EventOf<T>['payload'];

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The curator's decision for one enriched story (docs/architecture.md, "Decisions the curator makes"):
 * identity first (same source and guid), then the exact canonical hash, then near duplicates,
 * then related stories, else a new article. Pure: reads the index, returns the events to append.
 */
export function decide(
  input: CuratorInput,
  index: CuratorIndex,
): { decision: Decision; events: ArticleEvent[] } {
  const { message, causation } = input;
  const { story } = message;
  const fp = index.fingerprint(story);
  const minutes = storyMinutes(story, message.receivedAt);
  const cfg = index.config;
  // a Map: article ids as property names of `{}` would each add a hidden-class transition
  const next = new Map<string, number>();

  const event = <T extends ArticleEvent['type']>(type: T, slotOrId: number | string, payload: Payload<T>) => {
    const articleId = typeof slotOrId === 'number' ? index.articleId(slotOrId) : slotOrId;
    const base = typeof slotOrId === 'number' ? index.sequence(slotOrId) : 0;
    const sequence = (next.get(articleId) ?? base) + 1;
    next.set(articleId, sequence);
    return {
      eventId: `${articleId}:${sequence}`,
      type,
      schemaVersion: 1,
      articleId,
      sequence,
      occurredAt: message.receivedAt,
      causation,
      traceId: message.traceId,
      payload,
    } as ArticleEvent;
  };
  const enrichment = {
    story,
    attributions: message.attributions,
    registryVersion: message.registryVersion,
    fingerprints: fingerprintsOf(fp, cfg),
  };
  const copy = (by: 'exact' | 'near', similarity: number): Payload<'DuplicateReceived'> => ({
    source: story.source,
    guid: story.guid,
    version: story.version,
    headline: story.headline,
    by,
    similarity,
    receivedAt: message.receivedAt,
  });
  const withdrawal = (): Payload<'ArticleWithdrawn'> | undefined => {
    const reason = story.signals.includes('kill')
      ? 'kill'
      : story.pubStatus === 'usable'
        ? undefined
        : story.pubStatus;
    if (!reason) return undefined;
    return {
      source: story.source,
      guid: story.guid,
      version: story.version,
      reason,
      ...(story.editorNote ? { note: story.editorNote } : {}),
    };
  };
  /** A revision or withdrawal of the article at `slot`, linked by guid or as a near duplicate. */
  const revise = (
    slot: number,
    by: MatchBy,
    similarity: number,
    kind: Payload<'ArticleRevised'>['kind'],
    applied: boolean,
  ) => {
    const match = { articleId: index.articleId(slot), by, similarity };
    const withdrawn = applied ? withdrawal() : undefined;
    if (withdrawn)
      return {
        decision: { kind: 'withdrawn' as const, articleId: match.articleId, match },
        events: [event('ArticleWithdrawn', slot, withdrawn)],
      };
    const payload = {
      ...enrichment,
      kind,
      changed: index.changedFields(slot, story),
      match: { by, similarity },
      applied,
    };
    return {
      decision: { kind: 'revised' as const, articleId: match.articleId, match },
      events: [event('ArticleRevised', slot, payload)],
    };
  };

  // 1. Identity: the same source and guid.
  const known = index.guidEntry(story.source, story.guid);
  if (known && index.isReplay(story.source, story.guid, story.version, fp.sha256)) {
    const articleId = index.articleId(known.slot);
    return {
      decision: { kind: 'replay', articleId, match: { articleId, by: 'guid', similarity: 1 } },
      events: [],
    };
  }
  if (known) {
    const similarity = round(index.similarity(known.slot, fp));
    if (known.copy) {
      // A later version of another source's copy: more provenance, never a revision of the original.
      const articleId = index.articleId(known.slot);
      const by = similarity === 1 ? 'exact' : 'near';
      return {
        decision: { kind: 'duplicate', articleId, match: { articleId, by: 'guid', similarity } },
        events: [event('DuplicateReceived', known.slot, copy(by, similarity))],
      };
    }
    if (story.version < known.version) return revise(known.slot, 'guid', similarity, 'late', false);
    const kind =
      story.version === known.version || story.signals.includes('correction')
        ? 'correction'
        : story.signals.includes('writethru')
          ? 'writethru'
          : 'update';
    return revise(known.slot, 'guid', similarity, kind, true);
  }

  // 2. The same canonical text as a live article.
  const exact = index.exactMatch(fp, minutes);
  if (exact >= 0) {
    const articleId = index.articleId(exact);
    return {
      decision: { kind: 'duplicate', articleId, match: { articleId, by: 'exact', similarity: 1 } },
      events: [event('DuplicateReceived', exact, copy('exact', 1))],
    };
  }

  // 3. and 4. Near duplicates and related stories, among the LSH candidates.
  const best = index.bestCandidate(fp, minutes);
  const similarity = best ? round(best.similarity) : 0;
  if (best && isNearDuplicate(best, cfg)) {
    if (index.sourceOf(best.slot) === index.sourceId(story.source))
      return revise(best.slot, 'near', similarity, 'new-guid', true);
    const articleId = index.articleId(best.slot);
    return {
      decision: { kind: 'duplicate', articleId, match: { articleId, by: 'near', similarity } },
      events: [event('DuplicateReceived', best.slot, copy('near', similarity))],
    };
  }

  // 5. A new article, with an id derived from its input.
  const articleId = articleIdOf(guidKey(story.source, story.guid));
  const published = event('ArticlePublished', articleId, enrichment);
  if (best && best.similarity >= cfg.relatedThreshold) {
    const relatedId = index.articleId(best.slot);
    return {
      decision: { kind: 'related', articleId, match: { articleId: relatedId, by: 'near', similarity } },
      events: [
        published,
        event('RelatedArticleLinked', articleId, {
          relatedArticleId: relatedId,
          similarity,
          headline: index.headlineHint(best.slot),
        }),
        event('RelatedArticleLinked', best.slot, {
          relatedArticleId: articleId,
          similarity,
          headline: story.headline,
        }),
      ],
    };
  }
  return { decision: { kind: 'published', articleId }, events: [published] };
}

/**
 * Same article by content: a high Jaccard estimate; or, on a plausible overlap, SimHashes a few
 * bits apart or one text (a brief, a truncated republication) nearly contained in the other.
 */
export function isNearDuplicate(
  c: Pick<Candidate, 'similarity' | 'distance' | 'containment'>,
  cfg: Pick<
    DedupConfig,
    'duplicateThreshold' | 'relatedThreshold' | 'simhashMaxDistance' | 'containmentThreshold'
  >,
): boolean {
  if (c.similarity >= cfg.duplicateThreshold) return true;
  return (
    c.similarity >= cfg.relatedThreshold &&
    (c.distance <= cfg.simhashMaxDistance || c.containment >= cfg.containmentThreshold)
  );
}
