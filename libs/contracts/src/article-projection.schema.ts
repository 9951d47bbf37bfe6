import { z } from 'zod';
import { Attribution, OutletRef } from './attribution.schema';
import { Dateline, Subject } from './canonical-story.schema';
import { DuplicateReceivedPayload, MatchExplanation, RevisionKind } from './article-events.schema';

export const ProjectionStatus = z.enum(['published', 'withdrawn']);
export type ProjectionStatus = z.infer<typeof ProjectionStatus>;

/** Every wire message and copy an article came from, in the order they were received. */
export const ProjectionSource = z.object({
  source: z.string(),
  guid: z.string(),
  version: z.number().int().min(1),
  receivedAt: z.string(),
  role: z.enum(['original', 'revision', 'duplicate']),
});
export type ProjectionSource = z.infer<typeof ProjectionSource>;

/** One attributed claim; offsets index into the body joined by blank lines (`bodyText`). */
export const ProjectionClaim = Attribution.omit({ outlet: true });
export type ProjectionClaim = z.infer<typeof ProjectionClaim>;

export const OutletAttributions = z.object({
  outlet: OutletRef,
  claims: z.array(ProjectionClaim),
});
export type OutletAttributions = z.infer<typeof OutletAttributions>;

/** A copy as the DuplicateReceived event recorded it, with what matched (its fingerprints are the curator's). */
export const ProjectionDuplicate = DuplicateReceivedPayload.omit({ fingerprints: true });
export type ProjectionDuplicate = z.infer<typeof ProjectionDuplicate>;

export const ProjectionRelated = z.object({
  articleId: z.string(),
  similarity: z.number().min(0).max(1),
  headline: z.string(),
  explanation: MatchExplanation.optional(),
});
export type ProjectionRelated = z.infer<typeof ProjectionRelated>;

/** What made a version: the first publication, a wire revision, a withdrawal, a copy, a link. */
export const VersionKind = z.union([
  z.literal('published'),
  RevisionKind,
  z.enum(['withdrawn', 'duplicate', 'related']),
]);
export type VersionKind = z.infer<typeof VersionKind>;

export const ProjectionRevision = z.object({
  /** The version this entry made: `revisions[i].n === i + 1`. */
  n: z.number().int().min(1),
  at: z.string(),
  kind: VersionKind,
  /** Projection fields that changed (for a wire revision: the canonical-story fields it reports). */
  changed: z.array(z.string()),
  /** False for a late, older wire version: recorded here and in `sources`, content left as it was. */
  applied: z.boolean(),
});
export type ProjectionRevision = z.infer<typeof ProjectionRevision>;

/**
 * The read model of one article, folded from `article.events.v1` (libs/projection) and published
 * on `article.projections.v1`. `version` grows by one with each change a reader can see.
 */
export const ArticleProjection = z.object({
  articleId: z.string(),
  version: z.number().int().min(0),
  status: ProjectionStatus,
  headline: z.string(),
  standfirst: z.string().optional(),
  body: z.array(z.string()),
  language: z.string(),
  dateline: Dateline.optional(),
  /** The wire's IPTC urgency (1 most urgent), subjects and keywords, where it gives them (for routing). */
  urgency: z.number().int().min(1).max(9).optional(),
  subjects: z.array(Subject).optional(),
  keywords: z.array(z.string()).optional(),
  firstPublished: z.string(),
  lastRevised: z.string(),
  sources: z.array(ProjectionSource),
  attributions: z.array(OutletAttributions),
  duplicates: z.array(ProjectionDuplicate),
  related: z.array(ProjectionRelated),
  revisions: z.array(ProjectionRevision),
  /** Highest event sequence folded in; events at or below it are ignored (idempotent replay). */
  lastSequence: z.number().int().min(0),
  registryVersion: z.string(),
});
export type ArticleProjection = z.infer<typeof ArticleProjection>;
