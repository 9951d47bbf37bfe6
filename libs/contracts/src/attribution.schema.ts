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

/** An outlet as cited: a registry outlet, or `unnamed:<kind>` for "state media" and the like. */
export const OutletRef = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: OutletKind,
  country: z.string().optional(),
  controlledBy: z.string().optional(),
});
export type OutletRef = z.infer<typeof OutletRef>;

export const Attribution = z.object({
  outlet: OutletRef,
  cue: z.string(),
  claim: z.string(),
  sentence: z.string(),
  /** Character offsets of `claim` in `bodyText(story)`. */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  confidence: z.number().min(0).max(1),
});
export type Attribution = z.infer<typeof Attribution>;
