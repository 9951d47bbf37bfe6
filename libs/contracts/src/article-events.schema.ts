import { z } from 'zod';
import { Attribution } from './attribution.schema';
import { CanonicalStory } from './canonical-story.schema';

/** Where an event came from: the input message the curator decided on. */
export const Causation = z.object({
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  /** `source:guid` of the wire story. */
  storyKey: z.string(),
});
export type Causation = z.infer<typeof Causation>;

/** 32-bit hashes under a named scheme (a curator configured otherwise computes them again). */
const HashSet = z.object({ scheme: z.string(), hashes: z.string() });

export const Fingerprints = z.object({
  /** SHA-256 of the canonical text, hex. */
  sha256: z.string(),
  /** 64-bit SimHash, 16 hex digits. */
  simhash: z.string(),
  /**
   * The MinHash signature the curator indexed the text by, so that rebuilding its index from the
   * log needs no text processing. Optional: events written without it are fingerprinted again.
   */
  minhash: z
    .object({
      /** Parameters it was computed under; a curator configured otherwise recomputes it. */
      scheme: z.string(),
      /** Word shingles in the canonical text. */
      shingles: z.number().int().nonnegative(),
      /** The signature, base64. */
      signature: z.string(),
    })
    .optional(),
  /** Sampled passage hashes of the body the curator finds and verifies copies by (optional as `minhash`). */
  passages: HashSet.optional(),
  /** Hashes of the story's names and numbers (a bottom-k sketch) that related accounts share. */
  names: HashSet.optional(),
});
export type Fingerprints = z.infer<typeof Fingerprints>;

/**
 * Why the curator matched a story with an article: the measure it decided on and its value, and
 * how many sampled passages and names the two share.
 */
export const MatchExplanation = z.object({
  measure: z.enum(['exact', 'containment', 'jaccard', 'names']),
  value: z.number().min(0).max(1),
  sharedPassages: z.number().int().nonnegative(),
  sharedNames: z.number().int().nonnegative(),
});
export type MatchExplanation = z.infer<typeof MatchExplanation>;

export const MatchBy = z.enum(['guid', 'exact', 'near']);
export type MatchBy = z.infer<typeof MatchBy>;

const Enrichment = {
  story: CanonicalStory,
  attributions: z.array(Attribution),
  registryVersion: z.string(),
  fingerprints: Fingerprints,
};

export const ArticlePublishedPayload = z.object(Enrichment);

export const RevisionKind = z.enum(['update', 'correction', 'writethru', 'new-guid', 'late']);
export type RevisionKind = z.infer<typeof RevisionKind>;

export const ArticleRevisedPayload = z.object({
  ...Enrichment,
  kind: RevisionKind,
  /** Canonical-story fields whose value differs from the version it revises. */
  changed: z.array(z.string()),
  /** How the revision was linked: same guid, or a near duplicate from the same source. */
  match: z.object({ by: MatchBy, similarity: z.number().min(0).max(1) }),
  /**
   * False for an older wire version that arrived after a newer one: kept in history, never
   * applied over the newer content.
   */
  applied: z.boolean(),
});

export const ArticleWithdrawnPayload = z.object({
  source: z.string(),
  guid: z.string(),
  version: z.number().int().min(1),
  reason: z.enum(['canceled', 'withheld', 'kill']),
  note: z.string().optional(),
});

export const DuplicateReceivedPayload = z.object({
  source: z.string(),
  guid: z.string(),
  version: z.number().int().min(1),
  headline: z.string(),
  by: z.enum(['exact', 'near']),
  similarity: z.number().min(0).max(1),
  receivedAt: z.string(),
  /** What matched (absent from events written before it existed). */
  explanation: MatchExplanation.optional(),
  /** The copy's fingerprints: the passages it adds are indexed on the article. */
  fingerprints: Fingerprints.optional(),
});

export const RelatedArticleLinkedPayload = z.object({
  relatedArticleId: z.string(),
  similarity: z.number().min(0).max(1),
  headline: z.string(),
  explanation: MatchExplanation.optional(),
});

const envelope = <T extends string, P extends z.ZodTypeAny>(type: T, payload: P) =>
  z.object({
    eventId: z.string(),
    type: z.literal(type),
    schemaVersion: z.literal(1),
    articleId: z.string(),
    /** 1..n per article, no gaps. */
    sequence: z.number().int().min(1),
    /** Taken from the input (received-at), not the wall clock, so that replays are identical. */
    occurredAt: z.string(),
    causation: Causation,
    traceId: z.string(),
    payload: payload,
  });

export const ArticlePublished = envelope('ArticlePublished', ArticlePublishedPayload);
export const ArticleRevised = envelope('ArticleRevised', ArticleRevisedPayload);
export const ArticleWithdrawn = envelope('ArticleWithdrawn', ArticleWithdrawnPayload);
export const DuplicateReceived = envelope('DuplicateReceived', DuplicateReceivedPayload);
export const RelatedArticleLinked = envelope('RelatedArticleLinked', RelatedArticleLinkedPayload);

export const ArticleEvent = z.discriminatedUnion('type', [
  ArticlePublished,
  ArticleRevised,
  ArticleWithdrawn,
  DuplicateReceived,
  RelatedArticleLinked,
]);
export type ArticleEvent = z.infer<typeof ArticleEvent>;
export type ArticleEventType = ArticleEvent['type'];
export type EventOf<T extends ArticleEventType> = Extract<ArticleEvent, { type: T }>;
export const CURRENT_EVENT_SCHEMA_VERSION = 1;
