import type {
  ArticleEvent,
  Causation,
  EnrichedStoryMessage,
  EventOf,
  MatchBy,
  MatchExplanation,
} from '@newswire/contracts';
import { articleIdOf, guidKey } from './article-id';
import type { Candidate, CuratorIndex } from './curator-index';
import { storyMinutes } from './curator-index';
import type { DedupConfig } from './dedup-config';

export interface CuratorInput {
  message: EnrichedStoryMessage;
  causation: Causation;
}

export type DecisionKind = 'published' | 'revised' | 'withdrawn' | 'duplicate' | 'related' | 'replay';

export interface Decision {
  kind: DecisionKind;
  /** The article the input landed on (for `related`, the new article). */
  articleId: string;
  /**
   * The article it was matched with, how, how similar (estimated Jaccard, 1 for the same
   * canonical text) and, for a copy or a related story, what matched.
   */
  match?: { articleId: string; by: MatchBy; similarity: number; explanation?: MatchExplanation };
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
    fingerprints: index.carriedOf(story),
  };
  const copy = (
    by: 'exact' | 'near',
    similarity: number,
    explanation?: MatchExplanation,
  ): Payload<'DuplicateReceived'> => ({
    source: story.source,
    guid: story.guid,
    version: story.version,
    headline: story.headline,
    by,
    similarity,
    receivedAt: message.receivedAt,
    ...(explanation ? { explanation } : {}),
    fingerprints: enrichment.fingerprints,
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
    const explanation = {
      measure: 'exact' as const,
      value: 1,
      sharedPassages: fp.passages.length,
      sharedNames: fp.names.length,
    };
    return {
      decision: {
        kind: 'duplicate',
        articleId,
        match: { articleId, by: 'exact', similarity: 1, explanation },
      },
      events: [event('DuplicateReceived', exact, copy('exact', 1, explanation))],
    };
  }

  // 3. and 4. Copies and related stories, among the articles sharing passages or names.
  const candidates = index.candidates(fp, minutes);
  const duplicate = best(
    candidates.filter((c) => isNearDuplicate(c, cfg)),
    // Most shared passages first: a page that pastes a short story whole under most of a longer
    // one contains the short one better, but is a copy of the longer one (unseen real copy).
    (c) => [c.sharedPassages, c.containment, c.similarity],
  );
  if (duplicate) {
    const similarity = round(duplicate.similarity);
    const explanation = explain(duplicate, cfg);
    if (index.sourceOf(duplicate.slot) === index.sourceId(story.source))
      return revise(duplicate.slot, 'near', similarity, 'new-guid', true);
    const articleId = index.articleId(duplicate.slot);
    return {
      decision: { kind: 'duplicate', articleId, match: { articleId, by: 'near', similarity, explanation } },
      events: [event('DuplicateReceived', duplicate.slot, copy('near', similarity, explanation))],
    };
  }

  // 5. A new article, with an id derived from its input, linked to the closest related one.
  const articleId = articleIdOf(guidKey(story.source, story.guid));
  const published = event('ArticlePublished', articleId, enrichment);
  const related = best(
    candidates.filter((c) => isRelated(c, cfg)),
    (c) => [c.sharedNames + c.sharedPassages, c.similarity],
  );
  if (related) {
    const relatedId = index.articleId(related.slot);
    const similarity = round(related.similarity);
    const explanation = explain(related, cfg);
    return {
      decision: {
        kind: 'related',
        articleId,
        match: { articleId: relatedId, by: 'near', similarity, explanation },
      },
      events: [
        published,
        event('RelatedArticleLinked', articleId, {
          relatedArticleId: relatedId,
          similarity,
          headline: index.headlineHint(related.slot),
          explanation,
        }),
        event('RelatedArticleLinked', related.slot, {
          relatedArticleId: articleId,
          similarity,
          headline: story.headline,
          explanation,
        }),
      ],
    };
  }
  return { decision: { kind: 'published', articleId }, events: [published] };
}

/** The candidate ranked first by `rank` (compared element by element), then the oldest slot. */
function best(candidates: Candidate[], rank: (c: Candidate) => number[]): Candidate | undefined {
  let top: Candidate | undefined;
  let topRank: number[] = [];
  for (const c of candidates) {
    const r = rank(c);
    let cmp = 0;
    for (let i = 0; i < r.length && cmp === 0; i++) cmp = top ? r[i] - topRank[i] : 1;
    if (!top || cmp > 0 || (cmp === 0 && c.slot < top.slot)) {
      top = c;
      topRank = r;
    }
  }
  return top;
}

type Thresholds = Pick<
  DedupConfig,
  | 'duplicateThreshold'
  | 'duplicateContainment'
  | 'duplicateTextContainment'
  | 'minSharedPassages'
  | 'sharedPassagesAlone'
  | 'relatedThreshold'
  | 'relatedContainment'
  | 'relatedNames'
  | 'relatedNamesHours'
  | 'namesPerStory'
  | 'versionContainment'
  | 'versionPassages'
  | 'versionOrder'
  | 'versionHours'
>;

type Measures = Pick<
  Candidate,
  | 'similarity'
  | 'containment'
  | 'textContainment'
  | 'sharedPassages'
  | 'sharedNames'
  | 'inOrder'
  | 'sameAgency'
  | 'otherAgency'
  | 'minutesApart'
>;

/**
 * Same article by content: most of the shorter body's passages found in the other (a trimmed,
 * re-paragraphed, re-headlined or extended copy), or a high Jaccard estimate over the whole text;
 * or a later version of the same agency's story (`isAgencyVersion`). Two stories crediting
 * different agencies are independent accounts: only the same text (Jaccard) merges them.
 */
export function isNearDuplicate(c: Measures, cfg: Thresholds): boolean {
  if (c.sharedPassages === 0) return false;
  if (c.similarity >= cfg.duplicateThreshold) return true;
  if (c.otherAgency) return false;
  return (
    (c.sharedPassages >= cfg.minSharedPassages &&
      c.containment >= cfg.duplicateContainment &&
      (c.textContainment >= cfg.duplicateTextContainment || c.sharedPassages >= cfg.sharedPassagesAlone)) ||
    isAgencyVersion(c, cfg)
  );
}

/**
 * A write-through of the same agency's story: both credit it, a few of the article's passages
 * kept in their order, the same names and numbers, within hours. An agency's later version
 * keeps some paragraphs and rewrites the rest, so it shares less than a copy does.
 */
export function isAgencyVersion(c: Measures, cfg: Thresholds): boolean {
  return (
    c.sameAgency &&
    c.minutesApart <= cfg.versionHours * 60 &&
    c.sharedPassages >= cfg.versionPassages &&
    c.containment >= cfg.versionContainment &&
    c.inOrder >= cfg.versionOrder &&
    c.sharedNames >= cfg.relatedNames
  );
}

/**
 * Another account of the same event: some shared passages, or names and numbers in common —
 * one more for every `relatedNamesHours` apart when nothing else is shared.
 */
export function isRelated(c: Measures, cfg: Thresholds): boolean {
  const namesNeeded = cfg.relatedNames + Math.floor(c.minutesApart / (cfg.relatedNamesHours * 60));
  return (
    c.sharedNames >= namesNeeded ||
    c.similarity >= cfg.relatedThreshold ||
    (c.sharedPassages >= 2 && c.containment >= cfg.relatedContainment)
  );
}

/** What the decision on a candidate rests on, for the event (rounded to 3 decimals). */
function explain(c: Candidate, cfg: Thresholds): MatchExplanation {
  const counts = { sharedPassages: c.sharedPassages, sharedNames: c.sharedNames };
  if (
    (c.sharedPassages >= cfg.minSharedPassages && c.containment >= cfg.relatedContainment) ||
    isAgencyVersion(c, cfg)
  )
    return { measure: 'containment', value: round(c.containment), ...counts };
  if (c.similarity >= cfg.relatedThreshold)
    return { measure: 'jaccard', value: round(c.similarity), ...counts };
  return { measure: 'names', value: round(Math.min(1, c.sharedNames / cfg.namesPerStory)), ...counts };
}
