import { charClass } from './char-class';

/** A sentence as a character range of the text it was split from. */
export interface SentenceSpan {
  start: number;
  end: number;
}

// Words that end in a full stop without ending the sentence ("Gen. Salami", "U.S. officials").
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr gen lt col maj capt sgt adm gov sen rep st jr sr prof rev hon brig cmdr cpl pvt gens ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec no nos co corp inc ltd vs etc approx est dept univ ' +
    'fig vol ave blvd mt ft sq pp ca cf al'
  ).split(' '),
);
const TERMINATORS = new Set(['.', '!', '?', '؟', '…', '。']);
const CLOSERS = new Set(['"', '”', '’', "'", '»', ')', ']', '.', '!', '?', '؟', '…', '。']);
const OPEN_QUOTES = new Set(['“', '«']);
const CLOSE_QUOTES = new Set(['”', '»']);
// A line this short, alone on its line, is a heading or a dateline, not part of a sentence.
const SHORT_LINE = 60;

/**
 * Splits text into sentences. Paragraphs (blank lines) always end a sentence; a terminator
 * inside a balanced quotation does not, so a multi-sentence quote stays with the "..., IRIB
 * said" that attributes it. Handles Arabic and Persian terminators (؟) and does not split on
 * abbreviations or initials.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const paragraph = /[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g;
  for (let p = paragraph.exec(text); p !== null; p = paragraph.exec(text)) {
    splitParagraph(text, p.index, p.index + p[0].length, spans);
  }
  return spans;
}

// Characters the scan must look at; a regex skips everything else faster than a loop in JS.
const SIGNIFICANT = new RegExp(
  `[${[...new Set([...TERMINATORS, ...CLOSERS, ...OPEN_QUOTES, ...CLOSE_QUOTES, '\n'])]
    .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('')}]`,
  'g',
);
const isLetterOrDot = charClass(/[\p{L}.]/u);
const isWhite = charClass(/\s/);
const isLower = charClass(/\p{Ll}/u);
const isSpace = (c: string | undefined) =>
  c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\u00a0';

function splitParagraph(text: string, start: number, end: number, out: SentenceSpan[]): void {
  // Where the significant characters are, and whether the paragraph's quotes balance: quotes
  // are tracked only when every opening quote of the paragraph is closed.
  const at: number[] = [];
  let straight = 0;
  let opening = 0;
  let closing = 0;
  SIGNIFICANT.lastIndex = start;
  while (SIGNIFICANT.test(text) && SIGNIFICANT.lastIndex <= end) {
    const i = SIGNIFICANT.lastIndex - 1;
    const c = text[i];
    if (c === '"') straight++;
    else if (OPEN_QUOTES.has(c)) opening++;
    else if (CLOSE_QUOTES.has(c)) closing++;
    at.push(i);
  }
  const trackQuotes = straight + opening + closing > 0 && straight % 2 === 0 && opening === closing;
  let sentenceStart = start;
  let inStraight = false;
  let depth = 0;
  const push = (to: number) => {
    let s = sentenceStart;
    let e = to;
    while (s < e && isSpace(text[s])) s++;
    while (e > s && isSpace(text[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e });
    sentenceStart = to;
  };
  for (const i of at) {
    const c = text[i];
    if (trackQuotes) {
      if (c === '"') inStraight = !inStraight;
      else if (OPEN_QUOTES.has(c)) depth++;
      else if (CLOSE_QUOTES.has(c)) depth--;
    }
    if (c === '\n') {
      const line = text.slice(sentenceStart, i).trim();
      if (line.length > 0 && (line.length < SHORT_LINE || TERMINATORS.has(line[line.length - 1]))) push(i);
      continue;
    }
    if (inStraight || depth > 0 || !CLOSERS.has(c)) continue;
    // Split after the last closer of a run such as `."` or `?)`, if the run holds a terminator.
    if (i + 1 < end && (CLOSERS.has(text[i + 1]) || !isSpace(text[i + 1]))) continue;
    let t = i;
    while (t > sentenceStart && !TERMINATORS.has(text[t]) && CLOSERS.has(text[t])) t--;
    if (!TERMINATORS.has(text[t])) continue;
    if (text[t] === '.' && !endsSentence(text, sentenceStart, t, i + 1, end)) continue;
    push(i + 1);
  }
  push(end);
}

function endsSentence(text: string, from: number, dot: number, after: number, end: number): boolean {
  let w = dot;
  while (w > from && isLetterOrDot(text.charCodeAt(w - 1))) w--;
  const word = text.slice(w, dot);
  let n = after;
  while (n < end && isWhite(text.charCodeAt(n))) n++;
  if (n < end && isLower(text.charCodeAt(n))) return false;
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // Initials and dotted abbreviations: "U.S.", "A. Khamenei"; a dotted word still ends a
  // sentence when the paragraph ends right after it.
  if (/^\p{Lu}$/u.test(word) || word.includes('.')) return n >= end;
  return true;
}
