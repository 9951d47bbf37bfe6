import { z } from 'zod';

export const OutletKind = z.enum([
  'state-broadcaster',
  'news-agency',
  'tv-channel',
  'radio',
  'newspaper',
  'website',
  'state-media',
]);
export type OutletKind = z.infer<typeof OutletKind>;

/**
 * An outlet as cited: a registry outlet, `unnamed:<kind>` for "state media" and the like, or an
 * outlet the registry lacks, named beside an outlet noun ("the Saudi daily Okaz"): `unregistered`,
 * with an id made from its name as written.
 */
export const OutletRef = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: OutletKind,
  country: z.string().optional(),
  controlledBy: z.string().optional(),
  unregistered: z.literal(true).optional(),
});
export type OutletRef = z.infer<typeof OutletRef>;

export const Attribution = z.object({
  outlet: OutletRef,
  cue: z.string(),
  /** `bodyText(story).slice(start, end)`; a claim is at most 1,000 characters. */
  claim: z.string(),
  /**
   * The sentence carrying the attribution, `bodyText(story).slice(sentenceStart, sentenceEnd)`: at
   * most 2,000 characters of it around the cue and claim, so that output stays linear in the input.
   */
  sentence: z.string(),
  /** Character offsets of `claim` in `bodyText(story)`. */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  /** Character offsets of `sentence` in `bodyText(story)` (absent on events written before them). */
  sentenceStart: z.number().int().min(0).optional(),
  sentenceEnd: z.number().int().min(0).optional(),
  confidence: z.number().min(0).max(1),
});
export type Attribution = z.infer<typeof Attribution>;
