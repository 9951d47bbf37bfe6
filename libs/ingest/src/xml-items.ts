import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { WireFormatError, assertSafeXml } from '@newswire/wire-formats';
import { contentHash } from './content-hash';
import type { FeedItem } from './feed-item';

/** A node of fast-xml-parser's ordered tree: `{name: children, ':@': attributes}` or `{'#text': …}`. */
type OrderedNode = Record<string, unknown>;

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Text and attributes stay as written (entities unexpanded), so an item is rebuilt as it came.
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const BUILDER = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  suppressEmptyNode: true,
  // A value written in single quotes may hold a double quote; the builder writes double quotes.
  attributeValueProcessor: (_name: string, value: unknown) => String(value).replace(/"/g, '&quot;'),
});

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

function nameOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && !k.startsWith('#'));
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

function childrenOf(node: OrderedNode): OrderedNode[] {
  const name = nameOf(node);
  return name ? (node[name] as OrderedNode[]) : [];
}

function elements(node: OrderedNode, localName: string): OrderedNode[] {
  return childrenOf(node).filter((c) => {
    const n = nameOf(c);
    return n !== undefined && local(n) === localName;
  });
}

function attribute(node: OrderedNode, name: string): string | undefined {
  const attrs = node[':@'] as Record<string, string> | undefined;
  return attrs?.['@_' + name];
}

// XML's five predefined entities and character references: all an unexpanded text can hold, as
// the document has no DTD.
const ENTITY = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  return s.replace(ENTITY, (_, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(parseInt(e[1] === 'x' ? e.slice(2) : e.slice(1), e[1] === 'x' ? 16 : 10))
      : NAMED[e],
  );
}

/** The element's text content (text and CDATA, at any depth), entities expanded, trimmed. */
function textOf(node: OrderedNode | undefined): string {
  if (!node) return '';
  const parts: string[] = [];
  const walk = (n: OrderedNode) => {
    if (typeof n['#text'] === 'string') parts.push(unescapeXml(n['#text']));
    else if (n['#cdata']) for (const c of n['#cdata'] as OrderedNode[]) parts.push(String(c['#text'] ?? ''));
    else for (const c of childrenOf(n)) walk(c);
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

const first = (node: OrderedNode, ...path: string[]): OrderedNode | undefined => {
  let n: OrderedNode | undefined = node;
  for (const p of path) n = n && elements(n, p)[0];
  return n;
};

function element(name: string, attrs: unknown, children: OrderedNode[]): OrderedNode {
  return attrs ? { [name]: children, ':@': attrs } : { [name]: children };
}

function item(
  node: OrderedNode,
  id: string | undefined,
  headline: string,
  wrap: (item: OrderedNode) => OrderedNode,
  contentType: string,
): FeedItem {
  const own = BUILDER.build([node]) as string;
  return {
    id: id || contentHash(own),
    headline,
    bytes: Buffer.from(DECLARATION + (BUILDER.build([wrap(node)]) as string)),
    contentType,
    hash: contentHash(own),
  };
}

// Channel elements that change on every build of a feed: an item carrying them would look changed.
const VOLATILE = new Set(['lastBuildDate', 'pubDate', 'updated', 'ttl', 'items', 'generator']);
const stable = (children: OrderedNode[], itemName: string) =>
  children.filter((c) => {
    const n = nameOf(c);
    return n !== undefined && local(n) !== itemName && !VOLATILE.has(local(n));
  });

/** Parses XML safely (no DTD is ever processed) into fast-xml-parser's ordered tree. */
function parseOrdered(text: string): OrderedNode {
  const safe = assertSafeXml(text);
  const valid = XMLValidator.validate(safe);
  if (valid !== true)
    throw new WireFormatError(
      'MALFORMED',
      `XML is not well-formed: ${valid.err.msg} (line ${valid.err.line})`,
    );
  const root = (PARSER.parse(safe) as OrderedNode[]).find((n) => nameOf(n) !== undefined);
  if (!root) throw new WireFormatError('MALFORMED', 'XML has no root element');
  return root;
}

/** RSS 2.0 (and RSS 1.0/RDF): each item with the channel's stable metadata. */
export function rssItems(text: string): FeedItem[] {
  const root = parseOrdered(text);
  const rootName = nameOf(root)!;
  const channel = first(root, 'channel');
  if (!channel) throw new WireFormatError('MALFORMED', 'RSS document has no channel');
  const rdf = local(rootName) === 'RDF';
  const holder = rdf ? root : channel;
  const channelName = nameOf(channel)!;
  const meta = element(channelName, channel[':@'], stable(childrenOf(channel), 'item'));
  return elements(holder, 'item').map((node) =>
    item(
      node,
      textOf(first(node, 'guid')) || textOf(first(node, 'link')) || attribute(node, 'rdf:about'),
      textOf(first(node, 'title')),
      (it) =>
        element(
          rootName,
          root[':@'],
          rdf ? [meta, it] : [element(channelName, channel[':@'], [...childrenOf(meta), it])],
        ),
      'application/rss+xml; charset=utf-8',
    ),
  );
}

/** Atom: each entry with the feed's stable metadata. */
export function atomItems(text: string): FeedItem[] {
  const root = parseOrdered(text);
  const rootName = nameOf(root)!;
  const meta = stable(childrenOf(root), 'entry');
  return elements(root, 'entry').map((node) =>
    item(
      node,
      textOf(first(node, 'id')) || attribute(first(node, 'link') ?? {}, 'href'),
      textOf(first(node, 'title')),
      (it) => element(rootName, root[':@'], [...meta, it]),
      'application/atom+xml; charset=utf-8',
    ),
  );
}

/**
 * NewsML-G2: each newsItem of a newsMessage as a document of its own, with the namespace
 * declarations of the message it came in.
 */
export function newsMessageItems(text: string): FeedItem[] {
  const root = parseOrdered(text);
  const rootName = nameOf(root)!;
  if (local(rootName) !== 'newsMessage') return [];
  const namespaces = Object.fromEntries(
    Object.entries((root[':@'] as Record<string, string>) ?? {}).filter(([k]) => k.startsWith('@_xmlns')),
  );
  const items = elements(root, 'itemSet').flatMap((set) => elements(set, 'newsItem'));
  return items.map((node) =>
    item(
      node,
      attribute(node, 'guid'),
      textOf(first(node, 'contentMeta', 'headline')),
      (it) => {
        const name = nameOf(it)!;
        return element(name, { ...namespaces, ...((it[':@'] as object) ?? {}) }, childrenOf(it));
      },
      'application/vnd.iptc.g2.newsitem+xml; charset=utf-8',
    ),
  );
}
