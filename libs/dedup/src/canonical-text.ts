import { createHash } from 'node:crypto';
import type { CanonicalStory } from '@newswire/contracts';
import { bodyText, foldPattern, LETTER_FOLDS, OPTIONAL_MARKS } from '@newswire/contracts';
import { fmix32 } from './hash32';

// Arabic-script letters that Persian and Arabic keyboards spell differently, and marks (harakat,
// tatweel, the half-space) that agencies add or drop freely: folded (the project's one table, in
// contracts) so that the same text hashes the same.
const FOLD_RE = foldPattern(LETTER_FOLDS);
const MARKS_RE = new RegExp(`[${OPTIONAL_MARKS}\\u0610-\\u061a\\u06d6-\\u06ed\\u0300-\\u036f]`, 'g');
// Most copy is ASCII: a byte-class regex is several times faster than the Unicode one.
const ASCII_RE = /^[\t\n\r\x20-\x7e]*$/;
const ASCII_NON_WORD_RE = /[^a-z0-9]+/g;
const NON_WORD_RE = /[^\p{L}\p{N}]+/gu;

/**
 * The words fingerprints are computed over, joined by single spaces: NFKD-folded (accents and
 * Arabic marks dropped), lower-cased, punctuation removed. Layout, quotes and dashes differ
 * between wire formats of the same copy; the words do not.
 */
export function canonicalWords(text: string): string {
  if (ASCII_RE.test(text)) return text.toLowerCase().replace(ASCII_NON_WORD_RE, ' ').trim();
  return text
    .normalize('NFKD')
    .replace(MARKS_RE, '')
    .replace(FOLD_RE, (c) => LETTER_FOLDS[c])
    .toLowerCase()
    .replace(NON_WORD_RE, ' ')
    .trim();
}

const SEPARATOR = 0;
const NOT_ASCII = 1;
/** Per ASCII code: its lower-case byte when a word character, SEPARATOR, or NOT_ASCII (ASCII_RE's exclusions). */
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) => {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) return c;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  return c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0x7e) ? SEPARATOR : NOT_ASCII;
});

/**
 * `canonicalWords(text)` as bytes (ASCII, so its UTF-8) and the `wordHashes` of those words, when
 * `text` takes the ASCII path there, else undefined. One scan, where lower-casing, a regex and
 * trimming each made a string, and the hashes were a second scan: the fingerprint of every story
 * starts here.
 */
export function asciiWords(text: string): { bytes: Uint8Array; hashes: Uint32Array } | undefined {
  const bytes = new Uint8Array(text.length);
  // words are separated by at least one character: at most half the length, plus one
  const hashes = new Uint32Array((text.length >> 1) + 1);
  let n = 0;
  let w = 0;
  let gap = false;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const b = c < 128 ? ASCII_CLASS[c] : NOT_ASCII;
    if (b > NOT_ASCII) {
      if (gap && n > 0) {
        bytes[n++] = 0x20;
        hashes[w++] = fmix32(h >>> 0);
        h = 0x811c9dc5;
      }
      gap = false;
      bytes[n++] = b;
      h = Math.imul(h ^ b, 0x01000193);
    } else if (b === SEPARATOR) gap = true;
    else return undefined;
  }
  if (n > 0) hashes[w++] = fmix32(h >>> 0);
  return { bytes: bytes.subarray(0, n), hashes: hashes.subarray(0, w) };
}

/** The bytes of `asciiWords`, or undefined when `text` is not on the ASCII path. */
export function asciiCanonicalWords(text: string): Uint8Array | undefined {
  return asciiWords(text)?.bytes;
}

/** The canonical words of `text` (see `canonicalWords`), one string each. */
export function canonicalTokens(text: string): string[] {
  const words = canonicalWords(text);
  return words ? words.split(' ') : [];
}

/** The text of a story that fingerprints cover: its canonical text, or headline and body when empty. */
export function fingerprintText(story: Pick<CanonicalStory, 'canonicalText' | 'headline' | 'body'>): string {
  return story.canonicalText.trim() ? story.canonicalText : `${story.headline}\n\n${bodyText(story)}`;
}

/**
 * SHA-256 (hex) of the canonical words joined by single spaces (a token list, `canonicalWords`,
 * or the bytes of `asciiCanonicalWords`).
 */
export function canonicalHash(words: readonly string[] | string | Uint8Array): string {
  if (words instanceof Uint8Array) return createHash('sha256').update(words).digest('hex');
  const text = typeof words === 'string' ? words : words.join(' ');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
