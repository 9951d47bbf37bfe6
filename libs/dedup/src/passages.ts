import { asciiCanonicalWords, canonicalWords } from './canonical-text';
import type { DedupConfig } from './dedup-config';
import { hashString32 } from './hash32';
import { shinglesOfWordHashes, wordHashes } from './shingles';

type PassageConfig = Pick<DedupConfig, 'passageShingleSize' | 'passageSampling'>;

/**
 * The passages a story is found and verified by: hashes of the body's word shingles (headline
 * excluded: outlets rewrite it), kept when their low bits are zero (1 in `passageSampling`),
 * unique and ascending. Sampling by value keeps what two texts share: a shingle of a copy that
 * is sampled is sampled in the original too, so the shared share estimates containment.
 */
export function passageHashes(body: string, config: PassageConfig): Uint32Array {
  const words = asciiCanonicalWords(body) ?? canonicalWords(body);
  const shingles = shinglesOfWordHashes(wordHashes(words), config.passageShingleSize);
  const mask = config.passageSampling - 1;
  const kept = shingles.filter((h) => (h & mask) === 0).sort();
  return uniqueSorted(kept);
}

function uniqueSorted(sorted: Uint32Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  return sorted.subarray(0, n);
}

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
const SENTENCE_RE = /[^.!?\n]+/g;
const TOKEN_RE = /[\p{L}\p{N}][\p{L}\p{N}'’.,-]*/gu;
const UPPER_RE = /^\p{Lu}/u;
const NUMBER_RE = /^\d[\d.,]*$/;
const YEAR_RE = /^(19|20)\d\d$/;

/**
 * What names an event: capitalised words inside sentences (people, places, bodies) and numbers of
 * two digits or more (counts, scores, tolls; not years), lower-cased. Scripts without case give
 * numbers only.
 */
export function namesOf(text: string): Set<string> {
  const names = new Set<string>();
  for (const sentence of text.match(SENTENCE_RE) ?? []) {
    let first = true;
    for (const raw of sentence.match(TOKEN_RE) ?? []) {
      const token = raw.replace(/[.,'’-]+$/, '');
      const isFirst = first;
      first = false;
      if (NUMBER_RE.test(token)) {
        const digits = token.replace(/[.,]/g, '');
        if (digits.length >= 2 && !YEAR_RE.test(digits)) names.add(`#${digits}`);
      } else if (!isFirst && token.length > 1 && UPPER_RE.test(token)) {
        const name = token.toLowerCase();
        if (!NOT_NAMES.has(name)) names.add(name);
      }
    }
  }
  return names;
}

/** The `count` smallest hashes of a story's names (a bottom-k sketch: shared values estimate overlap). */
export function nameHashes(text: string, count: number): Uint32Array {
  const hashes = Uint32Array.from(namesOf(text), (n) => hashString32(n)).sort();
  return uniqueSorted(hashes).slice(0, count);
}

/** Hashes as base64 of their little-endian bytes (what events carry). */
export function encodeHashes(hashes: Uint32Array): string {
  const bytes = new Uint8Array(hashes.length * 4);
  const view = new DataView(bytes.buffer);
  hashes.forEach((h, i) => view.setUint32(i * 4, h, true));
  return Buffer.from(bytes).toString('base64');
}

/** The hashes `encodeHashes` wrote, or undefined when the text is not such an encoding. */
export function decodeHashes(encoded: string): Uint32Array | undefined {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length % 4 !== 0 || bytes.toString('base64') !== encoded) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Uint32Array.from({ length: bytes.length / 4 }, (_, i) => view.getUint32(i * 4, true));
}
