import { createHash } from 'node:crypto';
import { CanonicalStory, type Signal, type WireFormat } from '@newswire/contracts';
import { parseByline } from './byline';
import { canonicalText, canonicalTextOfCollapsed } from './canonical-text';
import { detectLanguage, LANGUAGE_SAMPLE } from './detect-language';
import { collapse } from './html-to-text';
import { canonicalLanguageTag } from './language-tag';

/** What a parser read from the wire; `buildStory` fills in the rest the same way for every format. */
export type StoryDraft = Partial<
  Omit<CanonicalStory, 'source' | 'format' | 'canonicalText' | 'languageDetected' | 'headline' | 'body'>
> & { headline: string; body: string[] };

export interface BuildContext {
  format: WireFormat;
  /** The `wire-source` header; wins over the wire's own provider. */
  source?: string;
}

/**
 * The one place that turns a parser's draft into a `CanonicalStory`: whitespace collapsed, a
 * first paragraph that repeats the headline dropped, source and guid resolved, the byline's
 * authors named, language
 * detected when the wire does not say, and the canonical text computed.
 */
export function buildStory(draft: StoryDraft, ctx: BuildContext): CanonicalStory {
  const headline = collapse(draft.headline);
  const body = cleanBody(draft.body, headline);
  const signals = [...new Set(draft.signals ?? [])] as Signal[];
  const text = canonicalTextOfCollapsed((headline ? [headline, ...body] : body).join(' '));
  const declared = draft.language?.trim();
  const language = declared && declared.length >= 2 ? canonicalLanguageTag(declared) : undefined;
  const byline = collapse(draft.byline ?? '') || undefined;
  const story: CanonicalStory = {
    ...draft,
    source: slugOrUndefined(ctx.source) ?? providerSlug(draft.provider) ?? 'unknown',
    guid: draft.guid?.trim() || derivedGuid(text),
    version: draft.version && Number.isInteger(draft.version) && draft.version >= 1 ? draft.version : 1,
    format: ctx.format,
    pubStatus: draft.pubStatus ?? (signals.includes('kill') ? 'canceled' : 'usable'),
    signals,
    language: language ?? detectLanguage(languageSample(headline, body)),
    languageDetected: language === undefined,
    headline,
    subheadline: collapse(draft.subheadline ?? '') || undefined,
    byline,
    // Every format's byline as authors, where its parser did not name them itself.
    authors: draft.authors ?? authorsOf(byline),
    editorNote: collapse(draft.editorNote ?? '') || undefined,
    body,
    subjects: draft.subjects ?? [],
    keywords: draft.keywords ?? [],
    urgency:
      draft.urgency && Number.isInteger(draft.urgency) && draft.urgency >= 1 && draft.urgency <= 9
        ? draft.urgency
        : undefined,
    canonicalText: text,
  };
  return dropUndefined(story);
}

/** The story's start as detectLanguage reads it, without joining the whole body to slice it. */
function languageSample(headline: string, body: string[]): string {
  let sample = headline;
  for (let i = 0; i < body.length && sample.length < LANGUAGE_SAMPLE; i++) sample += '\n' + body[i];
  return sample;
}

function authorsOf(byline: string | undefined): CanonicalStory['authors'] {
  const authors = byline ? parseByline(byline)?.authors : undefined;
  return authors && authors.length > 0 ? authors : undefined;
}

function cleanBody(paragraphs: string[], headline: string): string[] {
  const body = paragraphs.map(collapse).filter((p) => p.length > 0);
  // Length first: the canonical comparison is only worth making for a paragraph that could be it.
  if (
    body.length > 0 &&
    body[0].length <= headline.length + 16 &&
    canonicalText(body[0]) === canonicalText(headline)
  ) {
    body.shift();
  }
  return body;
}

/**
 * A wire without an id (plain web copy) gets one from its content: `sha256-` and the first 32
 * hex digits of the SHA-256 of its canonical text. The same file always gives the same guid;
 * an edited copy gets a new one and is linked by the curator as a near duplicate.
 */
export function derivedGuid(text: string): string {
  return 'sha256-' + createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * A provider as a lower-case slug: `nprov:REUTERS` -> `reuters`,
 * `http://www.acmenews.com/about/` -> `acmenews`, `reuters.com` -> `reuters`.
 */
export function providerSlug(provider: string | undefined): string | undefined {
  if (!provider) return undefined;
  let p = provider.trim();
  const url = /^[a-z]+:\/\/(?:www\.)?([^/:?#]+)/i.exec(p);
  if (url) p = url[1];
  else p = p.replace(/^[a-z0-9]{1,20}:/i, '');
  p = p.replace(/^www\./i, '').replace(/\.(com|org|net|se|de|no|fr|uk|ir|co)$/i, '');
  return slugOrUndefined(p);
}

function slugOrUndefined(s: string | undefined): string | undefined {
  const slug = s
    ?.toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || undefined;
}

/**
 * A copy without the undefined members. Copied, not deleted in place: `delete` turns an object into
 * a slow dictionary for every later read and for the JSON.stringify of each message that carries it.
 */
function dropUndefined<T extends object>(o: T): T {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}
