import { providerSlug, type StoryDraft } from './build-story';
import { decodeEntities, htmlToText } from './html-to-text';
import { toIsoDate } from './iso-date';
import { WireFormatError } from './wire-format.error';
import { child, children, parseXml, text, textAt } from './xml-document';

/**
 * RSS 2.0: one story per `item`. The body is `content:encoded` when present, else
 * `description`, both HTML (escaped or CDATA) turned into paragraphs safely. The provider is the
 * channel's site (`<link>`), the guid the item's `guid` or else its link.
 */
export function parseRss(xml: string): StoryDraft[] {
  const doc = parseXml(xml);
  const channel = child(doc, 'rss', 'channel') ?? child(doc, 'RDF');
  if (!channel) throw new WireFormatError('MALFORMED', 'RSS document has no channel');
  const provider = providerSlug(textAt(channel, 'link'));
  const language = textAt(channel, 'language');
  const items = children(channel, 'item');
  if (items.length === 0) throw new WireFormatError('EMPTY_BODY', 'RSS channel holds no item');
  return items.map((item) => {
    const html = textAt(item, 'encoded') ?? textAt(item, 'description') ?? '';
    const body = htmlToText(html);
    const summary = textAt(item, 'encoded') ? textAt(item, 'description') : undefined;
    const date = toIsoDate(textAt(item, 'pubDate') ?? textAt(item, 'date'));
    return {
      guid: textAt(item, 'guid') ?? textAt(item, 'link'),
      provider,
      language,
      headline: decodeEntities(textAt(item, 'title') ?? ''),
      subheadline: summary ? htmlToText(summary).paragraphs.join(' ') || undefined : undefined,
      byline: textAt(item, 'creator') ?? textAt(item, 'author'),
      firstCreated: date,
      versionCreated: date,
      body: body.paragraphs,
      captions: body.captions.length > 0 ? body.captions : undefined,
      keywords: children(item, 'category')
        .map((c) => text(c))
        .filter(Boolean),
    };
  });
}
