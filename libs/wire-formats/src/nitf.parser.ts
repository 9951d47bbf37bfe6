import { PubStatus, type Dateline } from '@newswire/contracts';
import { isSignature, parseByline } from './byline';
import { providerSlug, type StoryDraft } from './build-story';
import { parseLooseDateline } from './dateline';
import { collapse, htmlToText, type HtmlText } from './html-to-text';
import { toIsoDate } from './iso-date';
import { WireFormatError } from './wire-format.error';
import { attr, child, children, parseXml, rawOf, text, type XmlNode } from './xml-document';

/** Mixed-content elements of the head, kept as markup and turned into text here. */
const RAW = ['hl1', 'hl2', 'byline', 'dateline', 'abstract', 'title', 'tagline', 'ed-msg'];
const BODY_CONTENT = /<(?:[\w-]{1,40}:)?body\.content\b[^>]*?(\/?)>/;

/** A standalone NITF 3.x document (root `nitf`). */
export function parseNitf(xml: string): StoryDraft[] {
  return [readNitf(xml)];
}

/**
 * NITF 3.x, standalone or inside a NewsML item: head (`title`, `docdata`: doc-id, urgency,
 * date.issue, date.release, ed-msg, du-key, key-list, identified-content, doc.copyright,
 * management-status), body.head (hedline hl1/hl2, byline, dateline, abstract, distributor),
 * body.content (paragraphs, blocks, lists, tables; media captions kept apart) and body.end.
 * The body.content is cut out before parsing and read as markup, once.
 */
export function readNitf(xml: string, wellFormed = false): StoryDraft {
  const { rest, content } = cutBodyContent(xml);
  // NITF inside a G2 item is often body.content alone: nothing else to parse.
  if (wellFormed && !/<(?:[\w-]{1,40}:)?(?:head|body\.head|body\.end)\b/.test(rest)) {
    const { paragraphs, captions } = bodyText(content);
    return { headline: '', body: paragraphs, captions: captions.length > 0 ? captions : undefined };
  }
  const doc = child(parseXml(rest, RAW, wellFormed), 'nitf');
  if (!doc) throw new WireFormatError('UNSUPPORTED_FORMAT', 'XML root is not nitf');
  const head = child(doc, 'head');
  const docdata = child(head, 'docdata');
  const body = child(doc, 'body');
  const bodyHead = child(body, 'body.head');
  const hedline = child(bodyHead, 'hedline');
  const { paragraphs, captions } = bodyText(content);
  const tagline = markupText(child(body, 'body.end', 'tagline'));
  if (tagline) paragraphs.push(tagline);
  const docId = child(docdata, 'doc-id');
  const duKey = child(docdata, 'du-key');
  const holder = child(docdata, 'doc.copyright');
  const byline = bylineOf(children(bodyHead, 'byline'));
  const status = PubStatus.safeParse(attr(docdata, 'management-status'));
  const issued = toIsoDate(attr(child(docdata, 'date.issue'), 'norm'));
  const release = toIsoDate(attr(child(docdata, 'date.release'), 'norm'));
  const version = Number(attr(duKey, 'version'));
  const urgency = Number(attr(child(docdata, 'urgency'), 'ed-urg'));
  const rights = {
    copyrightHolder: attr(holder, 'holder'),
    copyrightNotice: markupText(child(docdata, 'doc.rights')) || undefined,
  };
  return {
    guid: attr(docId, 'id-string'),
    version: Number.isInteger(version) && version > 0 ? version : undefined,
    provider: providerSlug(
      attr(docId, 'regsrc') ?? (text(child(bodyHead, 'distributor')) || attr(holder, 'holder')),
    ),
    pubStatus: status.success ? status.data : undefined,
    versionCreated: issued,
    // A release time after the issue time is an embargo.
    embargoed: release && (!issued || release > issued) ? release : undefined,
    language: attr(doc, 'lang') ?? attr(body, 'lang'),
    headline: markupText(child(hedline, 'hl1')) || markupText(child(head, 'title')),
    subheadline:
      children(hedline, 'hl2').map(markupText).filter(Boolean).join(' ') ||
      markupText(child(bodyHead, 'abstract')),
    byline: byline?.byline,
    authors: byline?.authors,
    dateline: datelineOf(child(bodyHead, 'dateline'), paragraphs[0]),
    slug: metaContent(head, 'slug') ?? attr(duKey, 'key'),
    editorNote:
      children(docdata, 'ed-msg')
        .map((m) => attr(m, 'info') ?? markupText(m))
        .filter(Boolean)
        .join(' ') || undefined,
    body: paragraphs,
    captions: captions.length > 0 ? captions : undefined,
    subjects: subjectsOf(child(docdata, 'identified-content')),
    keywords: children(child(docdata, 'key-list'), 'keyword')
      .map((k) => attr(k, 'key') ?? '')
      .filter(Boolean),
    urgency: Number.isInteger(urgency) ? urgency : undefined,
    rights: rights.copyrightHolder || rights.copyrightNotice ? rights : undefined,
  };
}

/** The document without its body.content, and that element's inner markup. */
function cutBodyContent(xml: string): { rest: string; content: string } {
  const open = BODY_CONTENT.exec(xml);
  if (!open) return { rest: xml, content: '' };
  const start = open.index + open[0].length;
  if (open[1] === '/') return { rest: xml.slice(0, open.index) + xml.slice(start), content: '' };
  const name = open[0].slice(1, open[0].indexOf('body.content') + 'body.content'.length);
  const end = xml.lastIndexOf(`</${name}`);
  if (end < start) throw new WireFormatError('MALFORMED', `NITF <${name}> is not closed`);
  const close = xml.indexOf('>', end);
  return { rest: xml.slice(0, open.index) + xml.slice(close + 1), content: xml.slice(start, end) };
}

/**
 * body.content as paragraphs. Media (`media`, with `media-caption`) become captions, not body
 * paragraphs; a NYT `lead_paragraph` block repeats the start of its `full_text` block and is left out.
 */
function bodyText(content: string): HtmlText {
  if (!content.includes('<media') && !content.includes('full_text')) return htmlToText(content);
  const captions: HtmlText['captions'] = [];
  let markup = '';
  let i = 0;
  for (;;) {
    const start = content.indexOf('<media', i);
    if (start < 0) break;
    // `<media-reference>` and the like start the same way; only `<media>` itself is cut out.
    if (!/[\s>/]/.test(content[start + 6] ?? '')) {
      markup += content.slice(i, start + 6);
      i = start + 6;
      continue;
    }
    const gt = content.indexOf('>', start);
    const end = content.indexOf('</media>', start);
    const stop = content[gt - 1] === '/' || end < 0 ? gt + 1 : end + '</media>'.length;
    markup += content.slice(i, start);
    const media = content.slice(start, stop);
    const caption = between(media, 'media-caption');
    const credit = between(media, 'media-producer');
    const captionText = caption ? htmlToText(caption).paragraphs.join(' ') : '';
    if (captionText) {
      const by = credit ? htmlToText(credit).paragraphs.join(' ') : '';
      captions.push(by ? { text: captionText, credit: by } : { text: captionText });
    }
    i = stop;
  }
  markup += content.slice(i);
  if (markup.includes('full_text')) markup = markup.replace(LEAD_BLOCK, '');
  const out = htmlToText(markup);
  return { paragraphs: out.paragraphs, captions: [...captions, ...out.captions] };
}

const LEAD_BLOCK = /<block\s+class="lead_paragraph"[^>]*>[\s\S]*?<\/block>/;

function between(markup: string, name: string): string | undefined {
  const open = markup.indexOf(`<${name}`);
  if (open < 0) return undefined;
  const start = markup.indexOf('>', open) + 1;
  const end = markup.indexOf(`</${name}>`, start);
  return end < 0 ? undefined : markup.slice(start, end);
}

/** A raw (mixed-content) element as one line of text. */
export function markupText(node: XmlNode | undefined): string {
  const raw = rawOf(node);
  return raw ? htmlToText(raw).paragraphs.join(' ') : '';
}

/** The first byline that is not a `normalized_byline` (NYT's `Surname, Name` index form). */
function bylineOf(bylines: XmlNode[]) {
  const chosen = bylines.find((b) => !/normali[sz]ed/i.test(attr(b, 'class') ?? '')) ?? bylines[0];
  const raw = rawOf(chosen);
  if (!raw) return undefined;
  const title = between(raw, 'byttl');
  // EFE's byline holds the editors' initials (`cae/tcr`), which name no author.
  if (isSignature(htmlToText(raw).paragraphs.join(' '))) return undefined;
  return parseByline(htmlToText(raw).paragraphs.join(' '), title && htmlToText(title).paragraphs.join(' '));
}

/** The dateline element's place and date, with the agency from the first paragraph's dateline. */
function datelineOf(node: XmlNode | undefined, first: string | undefined): Dateline | undefined {
  const inBody = first ? parseLooseDateline(first) : undefined;
  const raw = rawOf(node);
  if (!raw) return inBody;
  const dateMarkup = between(raw, 'story.date');
  const date = dateMarkup ? htmlToText(dateMarkup).paragraphs.join(' ') : undefined;
  const location = between(raw, 'location');
  const whole = htmlToText(raw).paragraphs.join(' ');
  const place = location ? htmlToText(location).paragraphs.join(' ') : whole.replace(date ?? '', '');
  return {
    place: collapse(place).replace(/[\s,]+$/, '') || inBody?.place,
    // EFE's story.date holds a time stamp (its `norm`), not the date as the dateline says it.
    date: inBody?.date ?? date,
    agency: inBody?.agency,
    text: (location ? whole : inBody?.text) || whole || undefined,
  };
}

function metaContent(head: XmlNode | undefined, name: string): string | undefined {
  return attr(
    children(head, 'meta').find((m) => attr(m, 'name') === name),
    'content',
  );
}

function subjectsOf(identified: XmlNode | undefined): StoryDraft['subjects'] {
  return children(identified, 'classifier').flatMap((c) => {
    const name = text(c) || attr(c, 'value');
    return name ? [{ name, code: attr(c, 'value'), scheme: attr(c, 'type') }] : [];
  });
}
