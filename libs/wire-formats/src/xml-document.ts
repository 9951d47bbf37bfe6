import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeEntities } from './html-to-text';
import { WireFormatError } from './wire-format.error';

/** A parsed element: child elements as arrays, attributes as `@name`, text as `#text`. */
export type XmlNode = { [name: string]: XmlNode[] | string | undefined } | string;

// A DTD is how billion-laughs and XXE payloads get in. A wire's DOCTYPE only names its DTD
// (`<!DOCTYPE nitf SYSTEM "nitf-3-3.dtd">`), which is never fetched; a general entity declaration,
// a parameter entity other than a DTD module, or a second DOCTYPE is refused before any parser
// sees the document.
const DECLARATION = /<!\s*(?:DOCTYPE|ENTITY)/gi;
const ANY_DECLARATION = /<!\s*(?:DOCTYPE|ENTITY)/i;
const QUOTED = `(?:"[^"<>]{0,1000}"|'[^'<>]{0,1000}')`;
// Name, optional external id, optional internal subset of declarations and comments only.
const DOCTYPE = new RegExp(
  `^<!DOCTYPE\\s+[\\w.:-]{1,100}(?:\\s+(?:SYSTEM\\s+${QUOTED}|PUBLIC\\s+${QUOTED}\\s+${QUOTED}))?\\s*(?:\\[([^\\]]{0,20000})\\]\\s*)?>`,
);

// A DTD module pulled in by a parameter entity, as NewsML 1.x wires from SDA-ATS do
// (`[<!ENTITY % nitf SYSTEM "nitf-3-0.dtd"> %nitf; ]`): a relative file name, which nothing here
// ever loads. A URL or an absolute path (`http://…`, `file:///…`, `/etc/…`) is the out-of-band XXE
// shape and stays refused, as does every general entity.
const DTD_MODULE = new RegExp(
  `<!ENTITY\\s+%\\s+([\\w.-]{1,100})\\s+(?:SYSTEM|PUBLIC\\s+${QUOTED})\\s+(["'])(?![\\\\/])[^"'<>:%&]{1,200}\\.(?:dtd|mod|ent)\\2\\s*>`,
  'gi',
);
const COMMENT = /<!--[\s\S]*?-->/g;

/** True when a DOCTYPE's internal subset declares no entity beyond DTD modules it names. */
function safeSubset(subset: string): boolean {
  const modules = new Set<string>();
  let rest = subset.replace(COMMENT, ' ').replace(DTD_MODULE, (_m, name: string) => (modules.add(name), ' '));
  for (const name of modules) rest = rest.split(`%${name};`).join(' ');
  return !/[%&]|<!\s*ENTITY/i.test(rest);
}

/**
 * Refuses XML that declares entities; returns the text with its DOCTYPE (if any) blanked out, so
 * that the parser never sees a DTD. Newlines are kept: error line numbers stay right.
 */
export function assertSafeXml(text: string): string {
  // Nearly every wire has no declaration at all: one scan says so.
  if (!ANY_DECLARATION.test(text)) return text;
  let doctype: { start: number; end: number } | undefined;
  for (const m of text.matchAll(DECLARATION)) {
    // A DTD module's declaration inside the DOCTYPE just accepted.
    if (doctype && m.index < doctype.end) continue;
    const found = DOCTYPE.exec(text.slice(m.index, m.index + 25000));
    const subset = found?.[1] ?? '';
    if (!found || doctype || !safeSubset(subset)) {
      throw new WireFormatError(
        'INSECURE_XML',
        'XML declaring entities (or with a DOCTYPE beyond a DTD name and element declarations) is refused; DTDs are never processed',
      );
    }
    doctype = { start: m.index, end: m.index + found[0].length };
  }
  if (!doctype) return text;
  const blank = text.slice(doctype.start, doctype.end).replace(/[^\n]/g, ' ');
  return text.slice(0, doctype.start) + blank + text.slice(doctype.end);
}

/**
 * Parses a document after the safety check; elements named in `rawElements` keep their markup as
 * text. `wellFormed`: a part of a document already validated whole (G2's inline NITF) is not
 * validated again.
 */
export function parseXml(xml: string, rawElements: string[] = [], wellFormed = false): XmlNode {
  const text = assertSafeXml(xml);
  const valid = wellFormed || XMLValidator.validate(text);
  if (valid !== true) {
    throw new WireFormatError(
      'MALFORMED',
      `XML is not well-formed: ${valid.err.msg} (line ${valid.err.line})`,
    );
  }
  return parserFor(rawElements).parse(text) as XmlNode;
}

// A parser per set of raw elements, made once: building one costs more than parsing a story.
const PARSERS = new Map<string, XMLParser>();

function parserFor(rawElements: string[]): XMLParser {
  const key = rawElements.join(' ');
  let parser = PARSERS.get(key);
  if (!parser) {
    parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      removeNSPrefix: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      // References are decoded once, by text() and attr(), and only in values that hold one: the
      // parser's own decoding costs every value, and leaves character references (`&#8211;`) as written.
      processEntities: false,
      htmlEntities: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      stopNodes: rawElements.map((name) => '*.' + name),
      isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
    });
    PARSERS.set(key, parser);
  }
  return parser;
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (!node || typeof node === 'string') return [];
  const v = node[name];
  return Array.isArray(v) ? v : [];
}

export function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let n = node;
  for (const name of path) n = children(n, name)[0];
  return n;
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  if (!node || typeof node === 'string') return undefined;
  const v = node['@' + name];
  return typeof v === 'string' ? decoded(v) : undefined;
}

/** XML's and HTML's named references and character references decoded (`&amp;`, `&#8211;`). */
function decoded(value: string): string {
  return value.includes('&') ? decodeEntities(value) : value;
}

/** The markup or text of an element parsed raw (see `rawElements`). */
export function rawOf(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  const t = node['#text'];
  return typeof t === 'string' ? t : '';
}

/** The element's own text (trimmed); for a mixed element, its direct text only. */
export function text(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return decoded(node).trim();
  const t = node['#text'];
  return typeof t === 'string' ? decoded(t).trim() : '';
}

/** Text of the first element at `path`, or undefined when empty. */
export function textAt(node: XmlNode | undefined, ...path: string[]): string | undefined {
  return text(child(node, ...path)) || undefined;
}
