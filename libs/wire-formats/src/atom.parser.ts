import { providerSlug, type StoryDraft } from './build-story';
import { decodeEntities, htmlToText, type HtmlText } from './html-to-text';
import { toIsoDate } from './iso-date';
import { paragraphsOf } from './paragraphs';
import { WireFormatError } from './wire-format.error';
import { attr, child, children, parseXml, text, textAt, type XmlNode } from './xml-document';

/**
 * Atom (RFC 4287): one story per `entry`. `content` and `summary` are kept raw by the XML parser
 * because their `type` says how to read them: `xhtml` is markup, `html` is escaped markup,
 * `text` is plain text (Atom 0.3: `text/html` with `mode="escaped"` is escaped markup).
 */
export function parseAtom(xml: string): StoryDraft[] {
  const feed = child(parseXml(xml, ['content', 'summary']), 'feed');
  if (!feed) throw new WireFormatError('MALFORMED', 'Atom document has no feed element');
  const alternate = children(feed, 'link').find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  const provider = providerSlug(attr(alternate, 'href') ?? textAt(feed, 'id'));
  const entries = children(feed, 'entry');
  if (entries.length === 0) throw new WireFormatError('EMPTY_BODY', 'Atom feed holds no entry');
  return entries.map((entry) => {
    const content = child(entry, 'content') ?? child(entry, 'summary');
    const body = atomText(content);
    const summary = child(entry, 'content') ? atomText(child(entry, 'summary')).paragraphs.join(' ') : '';
    return {
      guid: textAt(entry, 'id'),
      provider,
      language: attr(entry, 'lang') ?? attr(feed, 'lang'),
      headline: decodeEntities(textAt(entry, 'title') ?? ''),
      subheadline: summary || undefined,
      byline:
        children(entry, 'author')
          .map((a) => textAt(a, 'name'))
          .filter(Boolean)
          .join(', ') || undefined,
      firstCreated: toIsoDate(textAt(entry, 'published')),
      versionCreated: toIsoDate(textAt(entry, 'updated') ?? textAt(entry, 'published')),
      body: body.paragraphs,
      captions: body.captions.length > 0 ? body.captions : undefined,
      keywords: children(entry, 'category')
        .map((c) => attr(c, 'term') ?? '')
        .filter(Boolean),
      rights: textAt(entry, 'rights') ? { copyrightNotice: textAt(entry, 'rights') } : undefined,
    };
  });
}

function atomText(node: XmlNode | undefined): HtmlText {
  const raw = text(node);
  // RFC 4287 says `text`, `html` or `xhtml`; Atom 0.3 a MIME type with a `mode` (`escaped`, `xml`).
  const type = (attr(node, 'type') ?? 'text').toLowerCase();
  const mode = attr(node, 'mode');
  if (type === 'xhtml' || (mode === 'xml' && type.includes('html'))) return htmlToText(raw);
  const unescaped = decodeEntities(unwrapCdata(raw));
  return type === 'html' || type.includes('html')
    ? htmlToText(unescaped)
    : { paragraphs: paragraphsOf(unescaped), captions: [] };
}

function unwrapCdata(raw: string): string {
  return raw.startsWith('<![CDATA[') && raw.endsWith(']]>') ? raw.slice(9, -3) : raw;
}
