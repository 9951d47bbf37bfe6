import type { Signal } from '@newswire/contracts';
import { isSignature, parseByline } from './byline';
import { providerSlug, type StoryDraft } from './build-story';
import { parseLooseDateline } from './dateline';
import { htmlToText, type HtmlText } from './html-to-text';
import { inZoneOf, toIsoDate } from './iso-date';
import { readNitf } from './nitf.parser';
import { paragraphsOf } from './paragraphs';
import { WireFormatError } from './wire-format.error';
import { attr, child, children, parseXml, rawOf, text, textAt, type XmlNode } from './xml-document';

// Components whose text is not the story's body: what they hold is read elsewhere or left out.
const NOT_BODY =
  /^(?:caption|headline|subheadline|contact|logo|stylesheet|picture|photo|video|audio|graphic)$/i;
const STATUS: Record<string, 'usable' | 'withheld' | 'canceled'> = {
  usable: 'usable',
  embargoed: 'usable',
  withheld: 'withheld',
  canceled: 'canceled',
  cancelled: 'canceled',
};

/**
 * NewsML 1.0-1.2: a `NewsML` envelope whose NewsItems (each its own story) carry a NewsIdentifier
 * (ProviderId, DateId, NewsItemId, RevisionId), NewsManagement (Status, Urgency, FirstCreated,
 * ThisRevisionCreated, Instruction) and nested NewsComponents: NewsLines (HeadLine, SubHeadLine,
 * ByLine, DateLine, SlugLine, KeywordLine) and ContentItems holding NITF, XHTML or plain text.
 * Items without text (pictures, packages of references) are left out; a document with none is refused.
 */
export function parseNewsml1(xml: string): StoryDraft[] {
  const doc = child(parseXml(xml, ['DataContent']), 'NewsML');
  if (!doc) throw new WireFormatError('UNSUPPORTED_FORMAT', 'XML root is not NewsML');
  const items = children(doc, 'NewsItem');
  const stories = items.flatMap((item) => {
    const story = readItem(item);
    return story ? [story] : [];
  });
  if (stories.length === 0)
    throw new WireFormatError(
      items.length === 0 ? 'EMPTY_BODY' : 'UNSUPPORTED_FORMAT',
      `NewsML holds ${items.length} NewsItem(s) and no text story (pictures, references or an index only)`,
    );
  return stories;
}

interface Found {
  lines: XmlNode[];
  body?: { item: XmlNode; role?: string };
  subheadline?: string;
  language?: string;
}

function readItem(item: XmlNode): StoryDraft | undefined {
  const id = child(item, 'Identification', 'NewsIdentifier');
  const mgmt = child(item, 'NewsManagement');
  const found: Found = { lines: [] };
  for (const component of children(item, 'NewsComponent')) walk(component, undefined, found);
  if (!found.body) return undefined;
  const content = bodyOf(found.body.item);
  const lines = found.lines;
  const line = (name: string) => lines.map((l) => textAt(l, name)).find(Boolean);
  const byline = line('ByLine');

  const nitf = content.nitf;
  const body = dropSignature(content.text.paragraphs);
  // An AFP alert has an empty HeadLine: its one paragraph is the headline.
  const headline = line('HeadLine') || nitf?.headline || (body.length === 1 ? body[0] : '');
  const status = attr(child(mgmt, 'Status'), 'FormalName')?.toLowerCase();
  const instruction = attr(child(mgmt, 'Instruction'), 'FormalName')?.toLowerCase();
  const revisionCanceled = children(child(mgmt, 'Instruction'), 'RevisionStatus').some(
    (r) => attr(child(r, 'Status'), 'FormalName')?.toLowerCase() === 'canceled',
  );
  const signals: Signal[] = [];
  if (instruction === 'rectify') signals.push('correction');
  if (instruction === 'update') signals.push('update');
  if (revisionCanceled || instruction === 'kill' || instruction === 'delete') signals.push('kill');
  const provider = textAt(id, 'ProviderId');
  const itemId = textAt(id, 'NewsItemId');
  const revision = Number(text(child(id, 'RevisionId')));
  const dateline = line('DateLine');
  const parsedByline = byline && !isSignature(byline) ? parseByline(byline) : undefined;
  const urgency = Number(attr(child(mgmt, 'Urgency'), 'FormalName'));
  return {
    ...nitf,
    guid: itemId
      ? ['urn:newsml', provider, textAt(id, 'DateId'), itemId].filter(Boolean).join(':')
      : nitf?.guid,
    version: Number.isInteger(revision) && revision > 0 ? revision : undefined,
    provider: providerSlug(provider) ?? nitf?.provider,
    pubStatus: revisionCanceled ? 'canceled' : status ? STATUS[status] : nitf?.pubStatus,
    signals,
    firstCreated: toIsoDate(textAt(mgmt, 'FirstCreated')),
    versionCreated: toIsoDate(textAt(mgmt, 'ThisRevisionCreated')) ?? nitf?.versionCreated,
    embargoed:
      status === 'embargoed'
        ? toIsoDate(
            inZoneOf(
              textAt(child(mgmt, 'StatusWillChange'), 'DateAndTime'),
              textAt(mgmt, 'ThisRevisionCreated') ?? textAt(mgmt, 'FirstCreated'),
            ),
          )
        : nitf?.embargoed,
    language: found.language ?? attr(item, 'lang') ?? nitf?.language,
    headline,
    subheadline: line('SubHeadLine') || found.subheadline || nitf?.subheadline,
    byline: parsedByline?.byline ?? nitf?.byline,
    authors: parsedByline?.authors ?? nitf?.authors,
    dateline: dateline
      ? {
          place: dateline,
          text: dateline,
          agency: nitf?.dateline?.agency ?? parseLooseDateline(body[0] ?? '')?.agency,
        }
      : (nitf?.dateline ?? parseLooseDateline(body[0] ?? '')),
    slug: line('SlugLine') ?? nitf?.slug,
    keywords: [
      ...new Set([
        ...lines.flatMap((l) => children(l, 'KeywordLine').map((k) => text(k))).filter(Boolean),
        ...(nitf?.keywords ?? []),
      ]),
    ],
    urgency: Number.isInteger(urgency) && urgency > 0 ? urgency : nitf?.urgency,
    body,
    captions: content.text.captions.length > 0 ? content.text.captions : nitf?.captions,
  };
}

/** Depth first: NewsLines of every level, the first body-like text ContentItem, the language. */
function walk(component: XmlNode, parentRole: string | undefined, found: Found): void {
  const role = attr(child(component, 'Role'), 'FormalName') ?? parentRole;
  const lines = child(component, 'NewsLines');
  if (lines && !(role && NOT_BODY.test(role))) found.lines.push(lines);
  found.language ??= attr(child(component, 'DescriptiveMetadata', 'Language'), 'FormalName');
  for (const item of children(component, 'ContentItem')) {
    if (!isText(item)) continue;
    if (role && /^subheadline$/i.test(role)) found.subheadline ??= bodyOf(item).text.paragraphs.join(' ');
    else if (!found.body && !(role && NOT_BODY.test(role))) found.body = { item, role };
  }
  for (const nested of children(component, 'NewsComponent')) walk(nested, role, found);
}

function isText(item: XmlNode): boolean {
  const media = attr(child(item, 'MediaType'), 'FormalName');
  const mime = attr(child(item, 'MimeType'), 'FormalName') ?? '';
  const format = attr(child(item, 'Format'), 'FormalName') ?? '';
  if (media) return /^text$/i.test(media) && !/css/i.test(mime + format);
  return /^text\/(?!css)|xhtml|nitf/i.test(mime) || /nitf|xhtml|text/i.test(format);
}

function bodyOf(item: XmlNode): { text: HtmlText; nitf?: StoryDraft } {
  const raw = rawOf(child(item, 'DataContent'));
  const trimmed = raw.trimStart();
  if (/^<(?:[\w-]{1,40}:)?nitf\b/.test(trimmed)) {
    const nitf = readNitf(trimmed, true);
    return { text: { paragraphs: nitf.body, captions: nitf.captions ?? [] }, nitf };
  }
  if (trimmed.startsWith('<')) return { text: htmlToText(raw) };
  return { text: { paragraphs: paragraphsOf(raw), captions: [] } };
}

function dropSignature(paragraphs: string[]): string[] {
  const out = [...paragraphs];
  while (out.length > 0 && isSignature(out[out.length - 1])) out.pop();
  return out;
}
