import { PubStatus, Signal } from '@newswire/contracts';
import { providerSlug, type StoryDraft } from './build-story';
import { htmlToText, type HtmlText } from './html-to-text';
import { toIsoDate } from './iso-date';
import { paragraphsOf } from './paragraphs';
import { WireFormatError } from './wire-format.error';

type Json = Record<string, unknown>;
interface Block {
  role?: string;
  contentType?: string;
  value: string;
}

const MEDIA_TYPES = new Set(['picture', 'video', 'audio', 'graphic']);
const SUMMARY_ROLES = new Set(['summary', 'lead', 'abstract', 'standfirst', 'description', 'text']);

/**
 * IPTC ninjs 1.x, 2.x (lower-case names: `versioncreated`, `body_html`) and 3.x (camelCase,
 * `headlines[]`/`bodies[]`). Property names are looked up case-insensitively so one reader serves
 * all three. The body prefers marked-up text (it keeps paragraphs) over plain text.
 */
export function parseNinjs(json: string): StoryDraft[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new WireFormatError('MALFORMED', `ninjs is not valid JSON: ${(e as Error).message}`);
  }
  const items = itemsOf(parsed);
  const stories = items.flatMap((item) => {
    const type = str(lowerKeys(item).type);
    return items.length > 1 && type && MEDIA_TYPES.has(type) ? [] : [readItem(item)];
  });
  if (stories.length === 0) throw new WireFormatError('EMPTY_BODY', 'ninjs list holds no text item');
  return stories;
}

// Keys under which an API's list response carries its items (`{"total": 2, "item": [ … ]}`).
const LIST_KEYS = ['item', 'items', 'data', 'results'];

/** The ninjs items of a document: the object itself, the members of an array or of a list wrapper. */
function itemsOf(parsed: unknown): Json[] {
  const objects = (list: unknown[]) =>
    list.filter((v): v is Json => !!v && typeof v === 'object' && !Array.isArray(v));
  if (Array.isArray(parsed)) {
    const items = objects(parsed);
    if (items.length === 0) throw new WireFormatError('MALFORMED', 'ninjs list holds no JSON object');
    return items;
  }
  if (!parsed || typeof parsed !== 'object')
    throw new WireFormatError('MALFORMED', 'ninjs must be a JSON object');
  const doc = parsed as Json;
  const own = lowerKeys(doc);
  if (own.uri === undefined && own.headline === undefined && own.headlines === undefined)
    for (const key of LIST_KEYS) {
      const list = own[key];
      if (Array.isArray(list) && objects(list).length > 0) return objects(list);
    }
  return [doc];
}

function readItem(item: Json): StoryDraft {
  const doc = lowerKeys(item);
  const type = str(doc.type);
  if (type && MEDIA_TYPES.has(type)) {
    throw new WireFormatError('UNSUPPORTED_FORMAT', `ninjs item of type ${type} holds no text story`);
  }
  const headline = blocks(doc.headlines).find((h) => h.role === 'main') ?? blocks(doc.headlines)[0];
  const summary = blocks(doc.descriptions).find((d) => SUMMARY_ROLES.has(d.role ?? ''));
  const body = readBody(doc);
  const version = Number(str(doc.version));
  const status = PubStatus.safeParse(str(doc.pubstatus));
  const rights = {
    copyrightHolder: str(doc.copyrightholder),
    copyrightNotice: str(doc.copyrightnotice),
    usageTerms: str(doc.usageterms),
  };
  const infoSource = arr(doc.infosources).map((s) => str(lowerKeys(s).name))[0];
  // A headline that is there but is not text (an array, an object) is a producer's error: said so,
  // rather than read as a story without a headline.
  if (doc.headline !== undefined && doc.headline !== null && typeof doc.headline !== 'string')
    throw new WireFormatError(
      'SCHEMA_VIOLATION',
      `ninjs headline must be a string, got ${Array.isArray(doc.headline) ? 'an array' : typeof doc.headline}`,
    );
  return {
    guid: str(doc.uri) ?? str(doc.guid),
    version: Number.isInteger(version) ? version : undefined,
    provider: providerSlug(infoSource ?? rights.copyrightHolder),
    pubStatus: status.success ? status.data : undefined,
    signals: arr(doc.signals).flatMap((s) => {
      const r = Signal.safeParse((str(s) ?? str(lowerKeys(s).name) ?? '').toLowerCase());
      return r.success ? [r.data] : [];
    }),
    firstCreated: toIsoDate(str(doc.firstcreated)),
    versionCreated: toIsoDate(str(doc.versioncreated)),
    embargoed: toIsoDate(str(doc.embargoeduntil) ?? str(doc.embargoed)),
    language: str(doc.language),
    headline: headline?.value ?? str(doc.headline) ?? str(doc.title) ?? '',
    subheadline: summary ? textOf(summary).paragraphs.join(' ') : str(doc.description_text),
    byline: str(doc.by) ?? str(doc.byline),
    dateline: str(doc.located) ? { place: str(doc.located) } : undefined,
    slug: str(doc.slugline) ?? str(doc.slug),
    editorNote: str(doc.ednote),
    body: body.paragraphs,
    captions: body.captions.length > 0 ? body.captions : undefined,
    subjects: arr(doc.subjects).flatMap((s) => {
      const o = lowerKeys(s);
      const name = str(o.name);
      return name ? [{ name, code: str(o.uri) ?? str(o.literal) ?? str(o.code), scheme: str(o.scheme) }] : [];
    }),
    keywords: arr(doc.keywords)
      .map((k) => str(k))
      .filter((k): k is string => !!k),
    urgency: typeof doc.urgency === 'number' ? doc.urgency : undefined,
    rights: Object.values(rights).some(Boolean) ? rights : undefined,
  };
}

function readBody(doc: Json): HtmlText {
  const bodies = blocks(doc.bodies);
  const marked = bodies.find((b) => /html|xml|nitf/i.test(b.contentType ?? b.role ?? ''));
  const plain = bodies.find((b) => b !== marked && /plain/i.test(b.contentType ?? ''));
  if (marked) return withoutPreamble(textOf(marked), plain && textOf(plain));
  if (bodies[0]) return textOf(bodies[0]);
  const html = str(doc.body_html) ?? str(doc.body_xhtml);
  if (html) return htmlToText(html);
  // Some feeds labelled ninjs put markup in body_text (PA's tables).
  return textOf({ value: str(doc.body_text) ?? '' });
}

/**
 * Marked-up text that holds the plain rendition only after a short preamble (TT's date and
 * source line, at most two short lines) is read from where the plain text starts: the preamble
 * is no copy. A plain rendition that is another part of the text (an excerpt) changes nothing.
 */
function withoutPreamble(marked: HtmlText, plain: HtmlText | undefined): HtmlText {
  const first = plain?.paragraphs[0];
  const at = first ? marked.paragraphs.indexOf(first) : -1;
  const preamble = marked.paragraphs.slice(0, Math.max(at, 0));
  return at > 0 && at <= 3 && preamble.every((p) => p.length <= 100)
    ? { ...marked, paragraphs: marked.paragraphs.slice(at) }
    : marked;
}

function textOf(block: Block): HtmlText {
  if (/html|xml|nitf/i.test(block.contentType ?? '') || /^\s*</.test(block.value))
    return htmlToText(block.value);
  return { paragraphs: paragraphsOf(block.value), captions: [] };
}

function blocks(value: unknown): Block[] {
  return arr(value).flatMap((b) => {
    const o = lowerKeys(b);
    const v = str(o.value);
    return v === undefined ? [] : [{ role: str(o.role), contentType: str(o.contenttype), value: v }];
  });
}

function lowerKeys(value: unknown): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k.toLowerCase()] = v;
  return out;
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
