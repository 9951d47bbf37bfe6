import type { WireFormat } from '@newswire/contracts';
import { parseDateline } from './dateline';
import { WireFormatError } from './wire-format.error';

const BY_CONTENT_TYPE: Array<[RegExp, WireFormat]> = [
  [/ninjs/i, 'ninjs'],
  [/nitf/i, 'nitf'],
  [/vnd\.iptc\.g2|newsml/i, 'newsml-g2'],
  [/rss/i, 'rss'],
  [/atom/i, 'atom'],
  [/json/i, 'ninjs'],
];
// A DOCTYPE's extent: its name and external id, then an optional internal subset in brackets.
const DOCTYPE_SPAN = /^<!DOCTYPE[^[>]{0,2000}(?:\[[^\]]{0,20000}\])?\s*>/;
const G2_ROOTS = new Set(['newsItem', 'newsMessage']);
const AGENCY_PREFIX = /^(?:UPDATE\s?\d{1,2}|CORRECTED|REFILE|WRAPUP(?:\s?\d{1,2})?|KILL)\s?-/;
// ANPA headers open with a selector letter and a four-digit story number: `a0459 r i …`.
const ANPA_HEADER = /^[a-z]\d{4}\s[a-z]\s[a-z]\s/i;

/**
 * The wire format of decoded text. A specific content type (ninjs, G2, RSS, Atom) decides;
 * otherwise the content does: JSON -> ninjs; XML by its root element; SOH/STX framing ->
 * ANPA-1312 or IPTC 7901 by the header; an agency dateline or version prefix -> agency copy;
 * anything else -> plain web text.
 */
export function sniffFormat(text: string, contentType?: string): WireFormat {
  const ct = contentType?.split(';')[0].trim();
  if (ct) for (const [re, format] of BY_CONTENT_TYPE) if (re.test(ct)) return format;
  const start = firstNonSpace(text);
  const c = text[start];
  if (c === '{' || c === '[') return 'ninjs';
  if (c === '<') return xmlFormat(text, start);
  const soh = text.indexOf('\x01');
  if (soh >= 0 && soh < 16 && text.indexOf('\x02', soh) > 0) {
    return text.lastIndexOf('\x16', soh) >= 0 ||
      ANPA_HEADER.test(text.slice(soh + 1, soh + 40).replace(/^\W+/, ''))
      ? 'anpa1312'
      : 'iptc7901';
  }
  return isAgencyCopy(text, start) ? 'agency-text' : 'plain-text';
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && /\s|\uFEFF/.test(text[i])) i++;
  return i;
}

function xmlFormat(text: string, start: number): WireFormat {
  let i = start;
  // Skip the declaration, processing instructions, comments and a DOCTYPE before the root element.
  for (;;) {
    let next: number;
    if (text.startsWith('<!DOCTYPE', i)) {
      const m = DOCTYPE_SPAN.exec(text.slice(i, i + 25000));
      next = m ? i + m[0].length : -1;
    } else {
      const close = text.startsWith('<?', i) ? '?>' : text.startsWith('<!--', i) ? '-->' : undefined;
      if (!close) break;
      const end = text.indexOf(close, i + 2);
      next = end < 0 ? -1 : end + close.length;
    }
    // An unclosed declaration, comment or DOCTYPE: no root element follows.
    if (next < 0) throw new WireFormatError('MALFORMED', 'XML prolog is not closed');
    i = firstNonSpaceFrom(text, next);
  }
  const m = /^<([A-Za-z_][\w.-]{0,40}:)?([A-Za-z_][\w.-]{0,40})/.exec(text.slice(i, i + 100));
  const root = m?.[2];
  if (root && G2_ROOTS.has(root)) return 'newsml-g2';
  if (root === 'nitf') return 'nitf';
  if (root === 'NewsML') return 'newsml-1';
  if (root === 'rss' || root === 'RDF') return 'rss';
  if (root === 'feed') return 'atom';
  throw new WireFormatError(
    'UNSUPPORTED_FORMAT',
    `XML with root element <${root ?? '?'}> is not a wire format newswire reads`,
  );
}

function firstNonSpaceFrom(text: string, from: number): number {
  return from + firstNonSpace(text.slice(from, from + 4096));
}

function isAgencyCopy(text: string, start: number): boolean {
  const head = text.slice(start, start + 3000).split(/\r?\n/, 40);
  return head.some((line) => AGENCY_PREFIX.test(line.trim()) || parseDateline(line.trim()) !== undefined);
}
