import { z } from 'zod';

/** Wire formats newswire reads (libs/wire-formats has one parser each). */
export const WireFormat = z.enum([
  'plain-text',
  'agency-text',
  'ninjs',
  'newsml-g2',
  'nitf',
  'newsml-1',
  'iptc7901',
  'anpa1312',
  'rss',
  'atom',
]);
export type WireFormat = z.infer<typeof WireFormat>;

export const PubStatus = z.enum(['usable', 'withheld', 'canceled']);
export type PubStatus = z.infer<typeof PubStatus>;

/** Editorial signals a wire attaches to a version (ninjs `signals`, G2 `signal`, agency prefixes). */
export const Signal = z.enum(['update', 'correction', 'kill', 'advisory', 'writethru']);
export type Signal = z.infer<typeof Signal>;

const IsoDate = z.iso.datetime({ offset: false });

export const Dateline = z.object({
  place: z.string().optional(),
  date: z.string().optional(),
  agency: z.string().optional(),
  text: z.string().optional(),
});
export type Dateline = z.infer<typeof Dateline>;

/** One author of a byline (`By Alan Karben, EP Aerospace Writer` -> name and title). */
export const Author = z.object({
  name: z.string(),
  title: z.string().optional(),
});
export type Author = z.infer<typeof Author>;

export const Subject = z.object({
  name: z.string(),
  code: z.string().optional(),
  scheme: z.string().optional(),
});

/**
 * The canonical story: one shape for every wire format, aligned with ninjs field names where
 * ninjs has one. `body` is plain-text paragraphs; `bodyText(story)` joins them and is what
 * attribution offsets point into. `canonicalText` is the normalised text used for fingerprints.
 */
export const CanonicalStory = z.object({
  /** Feed or provider id the story came from (`wire-source` header, or the wire's provider). */
  source: z.string().min(1),
  provider: z.string().optional(),
  guid: z.string().min(1),
  /** Wire version, 1..n, increasing with each update the wire sends under the same guid. */
  version: z.number().int().min(1),
  format: WireFormat,
  pubStatus: PubStatus,
  signals: z.array(Signal),
  firstCreated: IsoDate.optional(),
  versionCreated: IsoDate.optional(),
  embargoed: IsoDate.optional(),
  /** BCP-47 tag. */
  language: z.string().min(2),
  languageDetected: z.boolean(),
  headline: z.string(),
  subheadline: z.string().optional(),
  byline: z.string().optional(),
  /** The byline's authors one by one, where the wire names them. */
  authors: z.array(Author).optional(),
  dateline: Dateline.optional(),
  slug: z.string().optional(),
  editorNote: z.string().optional(),
  body: z.array(z.string()),
  subjects: z.array(Subject),
  keywords: z.array(z.string()),
  /** 1 (most urgent) .. 9, as IPTC. */
  urgency: z.number().int().min(1).max(9).optional(),
  rights: z
    .object({
      copyrightHolder: z.string().optional(),
      copyrightNotice: z.string().optional(),
      usageTerms: z.string().optional(),
    })
    .optional(),
  captions: z.array(z.object({ text: z.string(), credit: z.string().optional() })).optional(),
  canonicalText: z.string(),
});
export type CanonicalStory = z.infer<typeof CanonicalStory>;

/** The body as one string: paragraphs joined by a blank line. Attribution offsets index into it. */
export function bodyText(story: Pick<CanonicalStory, 'body'>): string {
  return story.body.join('\n\n');
}
