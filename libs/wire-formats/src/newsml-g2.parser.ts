import { PubStatus, Signal, type Dateline } from '@newswire/contracts';
import { stripHeadlinePrefixes } from './agency-prefixes';
import { parseByline } from './byline';
import { canonicalText } from './canonical-text';
import { parseLooseDateline } from './dateline';
import { readNitf } from './nitf.parser';
import { isNotForPublication } from './text-blocks';
import { providerSlug, type StoryDraft } from './build-story';
import { htmlToText, type HtmlText } from './html-to-text';
import { toIsoDate } from './iso-date';
import { paragraphsOf } from './paragraphs';
import { WireFormatError } from './wire-format.error';
import { attr, child, children, parseXml, rawOf, text, textAt, type XmlNode } from './xml-document';

/**
 * NewsML-G2: a `newsItem`, or a `newsMessage` whose `itemSet` holds several. Only text items
 * become stories; packages and picture/video items are containers or media, not copy.
 * The body is read from `inlineXML` (NITF or XHTML, kept raw by the parser and turned into
 * paragraphs) or `inlineData` (plain text).
 */
export function parseNewsmlG2(xml: string): StoryDraft[] {
  const doc = parseXml(xml, ['inlineXML']);
  const item = child(doc, 'newsItem');
  if (item) {
    if (!isTextItem(item)) {
      throw new WireFormatError(
        'UNSUPPORTED_FORMAT',
        `newsItem of class ${itemClass(item) ?? 'unknown'} holds no text story`,
      );
    }
    return [readItem(item)];
  }
  const message = child(doc, 'newsMessage');
  if (!message)
    throw new WireFormatError('UNSUPPORTED_FORMAT', 'XML root is neither newsItem nor newsMessage');
  const all = children(child(message, 'itemSet'), 'newsItem');
  const items = all.filter(isTextItem);
  if (items.length === 0)
    throw new WireFormatError(
      all.length > 0 ? 'UNSUPPORTED_FORMAT' : 'EMPTY_BODY',
      `newsMessage holds ${all.length} newsItem(s) and no text one`,
    );
  return items.map(readItem);
}

function itemClass(item: XmlNode): string | undefined {
  return attr(child(item, 'itemMeta', 'itemClass'), 'qcode');
}

function isTextItem(item: XmlNode): boolean {
  const cls = itemClass(item);
  return cls !== undefined && codeOf(cls) === 'text';
}

/** The code of a QCode (`stat:usable`) or a NewsCodes URI (`…/pubstatus/usable`). */
function codeOf(value: string): string {
  const cut = Math.max(value.lastIndexOf(':'), value.lastIndexOf('/'));
  return value.slice(cut + 1).toLowerCase();
}

function qcodeOrUri(node: XmlNode | undefined): string | undefined {
  return attr(node, 'qcode') ?? attr(node, 'uri') ?? attr(node, 'literal');
}

function readItem(item: XmlNode): StoryDraft {
  const meta = child(item, 'itemMeta');
  const content = child(item, 'contentMeta');
  const rights = child(item, 'rightsInfo');
  const status = attr(child(meta, 'pubStatus'), 'qcode') ?? attr(child(meta, 'pubStatus'), 'uri');
  const pubStatus = status ? PubStatus.safeParse(codeOf(status)) : undefined;
  const signals: Signal[] = children(meta, 'signal')
    .map((s) => qcodeOrUri(s))
    .filter((s): s is string => !!s)
    .map((s) => Signal.safeParse(codeOf(s)))
    .flatMap((r) => (r.success ? [r.data] : []));
  const headlines = children(content, 'headline');
  const main =
    headlines.find((h) => !isSubRole(h) && (attr(h, 'rank') ?? '1') === '1') ??
    headlines.find((h) => !isSubRole(h));
  const sub = headlines.find(isSubRole);
  const description = children(content, 'description').find((d) => !/caption/i.test(attr(d, 'role') ?? ''));
  const body = readBody(child(item, 'contentSet'));
  const prefixed = stripHeadlinePrefixes(text(main) || body.nitf?.headline || '');
  const subheadline = text(sub) || text(description) || body.nitf?.subheadline;
  const copy = trimCopy(body.paragraphs, prefixed.headline, subheadline);
  const by = text(child(content, 'by'));
  // A creator is a byline only when it is a person's name: dpa and APA name accounts (`kraffzick`, `cig`).
  const creators = children(content, 'creator')
    .map((c) => textAt(c, 'name') ?? '')
    .filter((n) => /\s/.test(n) && !/[.@]/.test(n));
  const byline = parseByline(by || creators.join(', ') || copy.credit || '') ?? body.nitf;
  const provider = child(meta, 'provider');
  const located = child(content, 'located');
  const datelineText = textAt(content, 'dateline')?.replace(/[\s–—-]+$/, '');
  // The copy's own dateline first, then the dateline element, then where the item is located.
  const parsed =
    parseLooseDateline(copy.paragraphs[0] ?? '') ??
    (datelineText ? parseLooseDateline(`${datelineText} -`) : undefined) ??
    body.nitf?.dateline;
  const place = parsed?.place ?? textAt(located, 'name') ?? attr(located, 'literal');
  const dateline: Dateline = {
    place,
    date: parsed?.date,
    agency: parsed?.agency,
    text: datelineText || parsed?.text,
  };
  const holder = child(rights, 'copyrightHolder');
  const rightsOut = {
    copyrightHolder: textAt(holder, 'name') ?? attr(holder, 'literal'),
    copyrightNotice: textAt(rights, 'copyrightNotice'),
    usageTerms: textAt(rights, 'usageTerms'),
  };
  const version = Number(attr(item, 'version'));
  return {
    guid: attr(item, 'guid'),
    version: Number.isInteger(version) ? version : undefined,
    provider: providerSlug(qcodeOrUri(provider) ?? textAt(provider, 'name')),
    pubStatus: pubStatus?.success ? pubStatus.data : undefined,
    signals: [...new Set([...signals, ...prefixed.cues.signals])],
    firstCreated: toIsoDate(textAt(meta, 'firstCreated') ?? textAt(content, 'contentCreated')),
    versionCreated: toIsoDate(textAt(meta, 'versionCreated')),
    embargoed: toIsoDate(textAt(meta, 'embargoed')),
    language: attr(child(content, 'language'), 'tag') ?? attr(item, 'lang'),
    headline: prefixed.headline,
    subheadline: subheadline || undefined,
    byline: byline?.byline,
    authors: byline?.authors,
    dateline: dateline.place || dateline.text ? dateline : undefined,
    slug: textAt(content, 'slugline'),
    editorNote: [...copy.notes, ...publicNotes(meta)].join(' ') || body.nitf?.editorNote,
    body: copy.paragraphs,
    captions: body.captions.length > 0 ? body.captions : undefined,
    subjects: children(content, 'subject').flatMap((s) => {
      const name = textAt(s, 'name');
      return name ? [{ name, code: attr(s, 'qcode'), scheme: attr(s, 'type') }] : [];
    }),
    keywords: children(content, 'keyword')
      .map((k) => text(k))
      .filter(Boolean),
    urgency: Number(textAt(content, 'urgency')) || undefined,
    rights: Object.values(rightsOut).some(Boolean) ? rightsOut : undefined,
  };
}

function isSubRole(headline: XmlNode): boolean {
  return /(?:^|:)(?:sub|subtitle|subheadline|deck|strapline)$/i.test(attr(headline, 'role') ?? '');
}

/** The public editor's notes; end markers (`Schluss`, `(ende)`) and editors-only notes are not. */
function publicNotes(meta: XmlNode | undefined): string[] {
  return children(meta, 'edNote')
    .filter((n) => !/nonpublic/i.test(attr(n, 'pubconstraint') ?? ''))
    .filter((n) => !/clos(?:e|ing)/i.test(attr(n, 'role') ?? ''))
    .map((n) => text(n))
    .filter(Boolean);
}

interface Body extends HtmlText {
  nitf?: StoryDraft;
}

function readBody(contentSet: XmlNode | undefined): Body {
  const raw = rawOf(child(contentSet, 'inlineXML')).trim();
  if (/^<(?:[\w-]{1,40}:)?nitf\b/.test(raw)) {
    const nitf = readNitf(raw, true);
    return { paragraphs: nitf.body, captions: nitf.captions ?? [], nitf };
  }
  if (raw) return htmlToText(withoutEditorial(raw));
  return { paragraphs: paragraphsOf(text(child(contentSet, 'inlineData'))), captions: [] };
}

// dpa's XHTML opens with a <header> (keywords, a time stamp, the headline again) and carries a
// notepad <section>: neither is copy.
const EDITORIAL = /<(header)\b[^>]*>|<(section)\b[^>]*class="[^"]*notepad[^"]*"[^>]*>/g;

function withoutEditorial(markup: string): string {
  let out = '';
  let from = 0;
  for (const m of markup.matchAll(EDITORIAL)) {
    if (m.index < from) continue;
    out += markup.slice(from, m.index);
    from = elementEnd(markup, m.index + m[0].length, m[1] ?? m[2]);
  }
  return out + markup.slice(from);
}

/** Where the element whose start tag ends at `from` closes, counting nested ones of its name. */
function elementEnd(markup: string, from: number, name: string): number {
  const tags = new RegExp(`<(/?)${name}\\b[^>]*>`, 'g');
  tags.lastIndex = from;
  let depth = 1;
  for (let m = tags.exec(markup); m; m = tags.exec(markup)) {
    depth += m[1] ? -1 : m[0].endsWith('/>') ? 0 : 1;
    if (depth === 0) return m.index + m[0].length;
  }
  return markup.length;
}

const RULE_ONLY = /^[-=_*\s]{4,}$/;
const FRAMED = /^-{10,}\s*(.+?)\s*-{10,}$/;

/**
 * The copy without what repeats the headline or subheadline at its top (XHTML h1/h2, a teaser),
 * rule lines, a note framed by rules (APA's KORREKTUR-HINWEIS) and a not-for-publication notice
 * with what follows it; a short line before a repeated headline is a credit (`The Sports Xchange`).
 */
function trimCopy(
  paragraphs: string[],
  headline: string,
  subheadline: string | undefined,
): { paragraphs: string[]; notes: string[]; credit?: string } {
  const heads = [headline, subheadline ?? ''].filter(Boolean);
  const repeats = new Set(heads.map(canonicalText));
  const longest = Math.max(0, ...heads.map((h) => h.length)) + 16;
  // Length first: the canonical comparison is only worth making for a paragraph that could repeat one.
  const repeated = (p: string) => p.length <= longest && repeats.has(canonicalText(p));
  const notes: string[] = [];
  let credit: string | undefined;
  const out: string[] = [];
  for (const p of paragraphs) {
    if (RULE_ONLY.test(p)) continue;
    const framed = FRAMED.exec(p);
    if (framed) {
      notes.push(framed[1]);
      continue;
    }
    if (isNotForPublication(p)) break;
    if (out.length <= 2 && repeated(p)) {
      if (out.length === 1 && out[0].split(' ').length <= 5) credit = out.pop();
      continue;
    }
    out.push(p);
  }
  return { paragraphs: out, notes, credit };
}
