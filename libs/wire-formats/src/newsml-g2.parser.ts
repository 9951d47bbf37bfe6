import { PubStatus, Signal, type Dateline } from '@newswire/contracts';
import { providerSlug, type StoryDraft } from './build-story';
import { htmlToText } from './html-to-text';
import { toIsoDate } from './iso-date';
import { paragraphsOf } from './paragraphs';
import { WireFormatError } from './wire-format.error';
import { attr, child, children, parseXml, text, textAt, type XmlNode } from './xml-document';

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
  const items = children(child(message, 'itemSet'), 'newsItem').filter(isTextItem);
  if (items.length === 0) throw new WireFormatError('EMPTY_BODY', 'newsMessage holds no text newsItem');
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
  const signals = children(meta, 'signal')
    .map((s) => qcodeOrUri(s))
    .filter((s): s is string => !!s)
    .map((s) => Signal.safeParse(codeOf(s)))
    .flatMap((r) => (r.success ? [r.data] : []));
  const body = readBody(child(item, 'contentSet'));
  const provider = child(meta, 'provider');
  const located = child(content, 'located');
  const dateline: Dateline = {
    place: textAt(located, 'name'),
    text: textAt(content, 'dateline'),
  };
  const holder = child(rights, 'copyrightHolder');
  const rightsOut = {
    copyrightHolder: textAt(holder, 'name') ?? attr(holder, 'literal'),
    copyrightNotice: textAt(rights, 'copyrightNotice'),
    usageTerms: textAt(rights, 'usageTerms'),
  };
  const description = children(content, 'description').find((d) => attr(d, 'role') !== 'drol:caption');
  const version = Number(attr(item, 'version'));
  return {
    guid: attr(item, 'guid'),
    version: Number.isInteger(version) ? version : undefined,
    provider: providerSlug(qcodeOrUri(provider) ?? textAt(provider, 'name')),
    pubStatus: pubStatus?.success ? pubStatus.data : undefined,
    signals,
    firstCreated: toIsoDate(textAt(meta, 'firstCreated') ?? textAt(content, 'contentCreated')),
    versionCreated: toIsoDate(textAt(meta, 'versionCreated')),
    embargoed: toIsoDate(textAt(meta, 'embargoed')),
    language: attr(child(content, 'language'), 'tag') ?? attr(item, 'lang'),
    headline: textAt(content, 'headline') ?? '',
    subheadline: text(description) || undefined,
    byline:
      children(content, 'creator')
        .map((c) => textAt(c, 'name'))
        .filter(Boolean)
        .join(', ') || undefined,
    dateline: dateline.place || dateline.text ? dateline : undefined,
    slug: textAt(content, 'slugline'),
    editorNote: textAt(meta, 'edNote'),
    body: body.paragraphs,
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

function readBody(contentSet: XmlNode | undefined): ReturnType<typeof htmlToText> {
  const inline = child(contentSet, 'inlineXML');
  if (inline) return htmlToText(text(inline));
  return { paragraphs: paragraphsOf(text(child(contentSet, 'inlineData'))), captions: [] };
}
