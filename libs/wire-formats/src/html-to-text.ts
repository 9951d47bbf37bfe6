import entities from './html-entities.json';

const NAMED: Record<string, string> = entities;

/** Elements whose content is never story text (code, metadata, NITF's own head block). */
const DROPPED = new Set([
  'script',
  'style',
  'head',
  'title',
  'noscript',
  'template',
  'svg',
  'iframe',
  'object',
  'nav',
  'body.head',
  'hedline',
  'tobject',
  'docdata',
]);
/** Elements that end a paragraph. Everything else (a, em, span …) is inline. */
const BLOCKS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'section',
  'article',
  'header',
  'footer',
  'table',
  'tr',
  'td',
  'th',
  'pre',
  'hr',
  'dd',
  'dt',
  'block',
  'body.content',
  'body.end',
  'hl1',
  'hl2',
  'nitf',
  'body',
  'html',
  'figure',
]);

export interface HtmlText {
  paragraphs: string[];
  captions: Array<{ text: string; credit?: string }>;
}

/**
 * HTML, XHTML or NITF markup to plain paragraphs, safely: a single forward scan with no regex
 * over the markup (no backtracking on hostile input), script/style and other non-text elements
 * dropped with their content, entities decoded (named ones from a fixed table; nothing is ever
 * fetched or expanded recursively), and a figure's caption and credit kept apart from the body.
 */
export function htmlToText(html: string): HtmlText {
  const paragraphs: string[] = [];
  const captions: HtmlText['captions'] = [];
  let current = '';
  let skipTag = '';
  let skipDepth = 0;
  let figureDepth = 0;
  let inCaption = 0;
  let caption = '';
  let credit = '';
  const flush = () => {
    const text = collapse(current);
    if (text) paragraphs.push(text);
    current = '';
  };
  const addText = (raw: string) => {
    if (skipDepth > 0 || raw.length === 0) return;
    const text = decodeEntities(raw);
    if (figureDepth > 0) {
      if (inCaption > 0) caption += text;
      else credit += text;
    } else current += text;
  };
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      addText(html.slice(i));
      break;
    }
    addText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt + 9);
      const stop = end < 0 ? n : end;
      if (skipDepth === 0) current += html.slice(lt + 9, stop);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const tag = readTag(html, lt);
    if (!tag) {
      addText('<');
      i = lt + 1;
      continue;
    }
    i = tag.end;
    const name = tag.name;
    if (skipDepth > 0) {
      if (name === skipTag && !tag.selfClosing) skipDepth += tag.closing ? -1 : 1;
      continue;
    }
    if (DROPPED.has(name)) {
      if (!tag.closing && !tag.selfClosing) {
        skipTag = name;
        skipDepth = 1;
      }
      continue;
    }
    if (name === 'figure' && !tag.selfClosing) {
      flush();
      if (!tag.closing) figureDepth++;
      else if (figureDepth > 0 && --figureDepth === 0) {
        const text = collapse(caption);
        const by = collapse(credit);
        if (text) captions.push(by ? { text, credit: by } : { text });
        caption = credit = '';
      }
      continue;
    }
    if (name === 'figcaption' && figureDepth > 0) {
      inCaption += tag.closing ? -1 : 1;
      continue;
    }
    // Inline elements (a, em, span) add nothing: the spaces around them are in the text.
    if (BLOCKS.has(name)) {
      if (figureDepth === 0) flush();
      else if (inCaption > 0) caption += ' ';
      else credit += ' ';
    }
  }
  flush();
  return { paragraphs, captions };
}

interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  end: number;
}

/** Reads `<name attr="…">` or `</name>` at `lt`, honouring quoted attribute values. */
function readTag(s: string, lt: number): Tag | undefined {
  let i = lt + 1;
  let closing = false;
  if (s.charCodeAt(i) === 0x2f) {
    closing = true;
    i++;
  }
  const first = s.charCodeAt(i);
  const isDecl = first === 0x21 || first === 0x3f; // <!DOCTYPE …>, <?xml …?>
  if (!isDecl && !isNameStart(first)) return undefined;
  const nameStart = i;
  while (i < s.length && isNameChar(s.charCodeAt(i))) i++;
  const rawName = s.slice(nameStart, i).toLowerCase();
  const colon = rawName.lastIndexOf(':');
  const name = colon >= 0 ? rawName.slice(colon + 1) : rawName;
  let quote = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) {
      return {
        name: isDecl ? '!' : name,
        closing,
        selfClosing: isDecl || s.charCodeAt(i - 1) === 0x2f,
        end: i + 1,
      };
    }
  }
  return { name: isDecl ? '!' : name, closing, selfClosing: true, end: s.length };
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x3a;
}

const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;

/** Decodes character references; unknown names stay as written. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 0x23) return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
      ? String.fromCodePoint(code)
      : '\uFFFD';
  });
}

// Only what differs from one plain space: runs, and single tabs, newlines or other spaces.
// Matching every single space too would rebuild each string for nothing (the hot path).
const UNCOLLAPSED = /\s{2,}|[^\S ]/g;

/** Whitespace runs to one space, trimmed. */
export function collapse(s: string): string {
  return s.replace(UNCOLLAPSED, ' ').trim();
}
