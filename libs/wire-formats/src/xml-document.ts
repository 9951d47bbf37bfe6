import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WireFormatError } from './wire-format.error';

/** A parsed element: child elements as arrays, attributes as `@name`, text as `#text`. */
export type XmlNode = { [name: string]: XmlNode[] | string | undefined } | string;

// A DTD is how billion-laughs and XXE payloads get in; wires never need one, so any
// declaration is refused before a parser sees the document.
const DECLARATION = /<!\s*(?:DOCTYPE|ENTITY)/i;

export function assertSafeXml(text: string): void {
  if (DECLARATION.test(text)) {
    throw new WireFormatError(
      'INSECURE_XML',
      'XML with a DOCTYPE or ENTITY declaration is refused (DTDs are never processed)',
    );
  }
}

/** Parses a document after the safety check; elements named in `rawElements` keep their markup as text. */
export function parseXml(text: string, rawElements: string[] = []): XmlNode {
  assertSafeXml(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new WireFormatError(
      'MALFORMED',
      `XML is not well-formed: ${valid.err.msg} (line ${valid.err.line})`,
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    stopNodes: rawElements.map((name) => '*.' + name),
    isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  });
  return parser.parse(text) as XmlNode;
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
  return typeof v === 'string' ? v : undefined;
}

/** The element's own text (trimmed); for a mixed element, its direct text only. */
export function text(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.trim();
  const t = node['#text'];
  return typeof t === 'string' ? t.trim() : '';
}

/** Text of the first element at `path`, or undefined when empty. */
export function textAt(node: XmlNode | undefined, ...path: string[]): string | undefined {
  return text(child(node, ...path)) || undefined;
}
