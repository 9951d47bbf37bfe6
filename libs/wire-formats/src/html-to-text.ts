import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';

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

/** Decodes character references (the HTML set, legacy forms without `;` too); unknown names stay as written. */
export { decodeHTML as decodeEntities };

/**
 * HTML, XHTML or NITF markup to plain paragraphs. htmlparser2 tokenizes (a forgiving HTML
 * tokenizer: a stray quote or `<` never swallows the rest of the body) and decodes entities
 * (nothing is ever fetched or expanded recursively); these callbacks keep our rules: non-text
 * elements dropped with their content, block elements end a paragraph, and a figure's caption
 * and credit kept apart from the body.
 */
export function htmlToText(html: string): HtmlText {
  return bareParagraphs(html) ?? tokenized(html);
}

/**
 * Markup whose only tags are `p`, `div` and `br` (attributes in double quotes), as most bodies are
 * (ninjs, G2's NITF, RSS, Atom XHTML): every tag ends a paragraph but a `</div>` that closes no
 * open div (the tokenizer ignores that one too). Read by a tag regex because the tokenizer cost
 * 24-30 µs a 5 kB body, this 10-12 µs (the hand-written parser it replaced: 10-19 µs), most of
 * what put normalize over its 10% budget. Anything else (another element, a comment, CDATA, a
 * stray `<`) goes to the tokenizer, and a test holds the two to the same paragraphs.
 */
function bareParagraphs(html: string): HtmlText | undefined {
  const paragraphs: string[] = [];
  let current = '';
  let divs = 0;
  let from = 0;
  BARE_TAG.lastIndex = 0;
  for (;;) {
    const tag = BARE_TAG.exec(html);
    const run = html.slice(from, tag ? tag.index : html.length);
    if (run.includes('<')) return undefined;
    current += run.includes('&') ? decodeHTML(run) : run;
    if (tag) {
      from = tag.index + tag[0].length;
      const [, close, name, selfClosing] = tag;
      if (name === 'div' && !selfClosing) {
        if (!close) divs++;
        else if (divs === 0) continue;
        else divs--;
      }
    }
    const text = collapse(current);
    if (text) paragraphs.push(text);
    current = '';
    if (!tag) return { paragraphs, captions: [] };
  }
}

const BARE_TAG = /<(\/?)(p|div|br)(?:\s+[\w:.-]{1,100}="[^"<>]*")*\s*(\/?)>/g;

/** htmlparser2's tokenizer with the callbacks that keep our rules (see htmlToText). */
function tokenized(html: string): HtmlText {
  const paragraphs: string[] = [];
  const captions: HtmlText['captions'] = [];
  let current = '';
  let dropDepth = 0;
  let figureDepth = 0;
  let inCaption = 0;
  let caption = '';
  let credit = '';
  const flush = () => {
    const text = collapse(current);
    if (text) paragraphs.push(text);
    current = '';
  };
  const boundary = (name: string, opening: boolean) => {
    if (DROPPED.has(name)) dropDepth += opening ? 1 : -1;
    else if (dropDepth > 0) return;
    else if (name === 'figure') {
      flush();
      if (opening) figureDepth++;
      else if (figureDepth > 0 && --figureDepth === 0) {
        const text = collapse(caption);
        const by = collapse(credit);
        if (text) captions.push(by ? { text, credit: by } : { text });
        caption = credit = '';
      }
    } else if (name === 'figcaption' && figureDepth > 0) inCaption += opening ? 1 : -1;
    // Inline elements (a, em, span) add nothing: the spaces around them are in the text.
    else if (BLOCKS.has(name)) {
      if (figureDepth === 0) flush();
      else if (inCaption > 0) caption += ' ';
      else credit += ' ';
    }
  };
  let inCdata = false;
  const parser = new Parser(
    {
      onopentagname: (name) => boundary(localName(name), true),
      onclosetag: (name) => boundary(localName(name), false),
      oncdatastart: () => (inCdata = true),
      oncdataend: () => (inCdata = false),
      ontext: (raw) => {
        if (dropDepth > 0) return;
        const text = !inCdata && raw.includes('&') ? decodeHTML(raw) : raw;
        if (figureDepth === 0) current += text;
        else if (inCaption > 0) caption += text;
        else credit += text;
      },
    },
    // XHTML and NITF close empty elements with `/>` and may carry CDATA sections. Entities are
    // decoded per text run (a run ends at a tag, so no reference is ever cut): the tokenizer
    // then skips to the next `<` with indexOf instead of reading every character, 4x faster.
    { decodeEntities: false, recognizeSelfClosing: true, recognizeCDATA: true },
  );
  parser.end(html);
  flush();
  return { paragraphs, captions };
}

/** `h:p` is `p`: XHTML and NITF bodies arrive with namespace prefixes. */
function localName(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

// Only what differs from one plain space: runs, and single tabs, newlines or other spaces.
// Matching every single space too would rebuild each string for nothing (the hot path).
const UNCOLLAPSED = /\s{2,}|[^\S ]/g;

/** Whitespace runs to one space, trimmed. */
export function collapse(s: string): string {
  return s.replace(UNCOLLAPSED, ' ').trim();
}
