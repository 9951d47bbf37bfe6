import { hashString32 } from './hash32';
import { uniqueSorted } from './unique-sorted';

// Capitalised words that start clauses, name days or months, or are titles: not what tells one
// event from another.
const NOT_NAMES = new Set(
  (
    'the a an in on at by for and but or of to it he she they we i you this that these those his her its ' +
    'their our as if when while after before with from mr mrs ms dr monday tuesday wednesday thursday ' +
    'friday saturday sunday january february march april may june july august september october ' +
    'november december said says reuters ap afp'
  ).split(' '),
);

const OTHER = 0;
/** A letter or a number (\p{L}, \p{N}): starts or continues a token. */
const WORD = 1;
/** ' ’ , - : continue a token, and are trimmed from its end. */
const JOINER = 2;
/** . ! ? and the line break end a sentence (and the token in it). */
const STOP = 3;
const UNKNOWN = 4;

const WORD_RE = /^[\p{L}\p{N}]$/u;
const UPPER_RE = /^\p{Lu}$/u;
const YEAR_RE = /^(19|20)\d\d$/;

/** Class of each BMP code unit, filled in as met (a regex test once per distinct character). */
const CLASS = new Uint8Array(1 << 16).fill(UNKNOWN);
for (let c = 0; c < 128; c++) classOf(c);
/** 1 when an upper-case letter (\p{Lu}), 0 not, 2 not yet known. */
const UPPER = new Uint8Array(1 << 16).fill(2);

function classOf(cp: number): number {
  if (cp < 0x10000 && CLASS[cp] !== UNKNOWN) return CLASS[cp];
  const ch = String.fromCodePoint(cp);
  const cls =
    cp === 0x2e || cp === 0x21 || cp === 0x3f || cp === 0x0a
      ? STOP
      : cp === 0x27 || cp === 0x2019 || cp === 0x2c || cp === 0x2d
        ? JOINER
        : WORD_RE.test(ch)
          ? WORD
          : OTHER;
  if (cp < 0x10000) CLASS[cp] = cls;
  return cls;
}

function isUpper(cp: number): boolean {
  if (cp < 0x10000 && UPPER[cp] !== 2) return UPPER[cp] === 1;
  const upper = UPPER_RE.test(String.fromCodePoint(cp));
  if (cp < 0x10000) UPPER[cp] = upper ? 1 : 0;
  return upper;
}

/** The code point at `i` (a surrogate pair read as one, as the `u` flag of a regex does). */
function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff ? (text.codePointAt(i) ?? c) : c;
}

/** The class of the character at `i`, ASCII straight from the table. */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? CLASS[c] : classOf(codePointAt(text, i));
}

/** UTF-16 units of the character at `i`. */
function widthAt(text: string, i: number): number {
  return codePointAt(text, i) > 0xffff ? 2 : 1;
}

/**
 * What names an event: capitalised words inside sentences (people, places, bodies) and numbers of
 * two digits or more (counts, scores, tolls; not years), lower-cased. Scripts without case give
 * numbers only. Sentences end at . ! ? and line breaks; a token is a letter or number followed by
 * letters, numbers and ' ’ , - (trimmed from its end).
 *
 * One scan over character classes: the regexes it replaces (sentences, tokens, then a test or
 * two a token) were a sixth of the curator's time a story.
 */
export function namesOf(text: string): Set<string> {
  const names = new Set<string>();
  let first = true;
  for (let i = 0; i < text.length;) {
    const cls = classAt(text, i);
    if (cls !== WORD) {
      if (cls === STOP) first = true;
      i += widthAt(text, i);
      continue;
    }
    const start = i;
    let end = i;
    while (i < text.length) {
      const k = classAt(text, i);
      if (k !== WORD && k !== JOINER) break;
      i += widthAt(text, i);
      if (k === WORD) end = i;
    }
    const isFirst = first;
    first = false;
    let number = true;
    let commas = false;
    for (let j = start; j < end && number; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x2c) commas = true;
      else if (c < 0x30 || c > 0x39) number = false;
    }
    if (number) {
      // a count, a score, a toll: ASCII digits, with thousands separators (it starts with a WORD, so a digit)
      const digits = commas ? text.slice(start, end).replace(/,/g, '') : text.slice(start, end);
      if (digits.length >= 2 && !YEAR_RE.test(digits)) names.add(`#${digits}`);
    } else if (!isFirst && end - start > 1 && isUpper(codePointAt(text, start))) {
      const name = text.slice(start, end).toLowerCase();
      if (!NOT_NAMES.has(name)) names.add(name);
    }
  }
  return names;
}

/** The `count` smallest hashes of a story's names (a bottom-k sketch: shared values estimate overlap). */
export function nameHashes(text: string, count: number): Uint32Array {
  const names = namesOf(text);
  const hashes = new Uint32Array(names.size);
  let n = 0;
  for (const name of names) hashes[n++] = hashString32(name);
  return uniqueSorted(hashes.sort()).slice(0, count);
}
