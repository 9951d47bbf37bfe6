import { createHash } from 'node:crypto';
import { DedupError } from './dedup-error';
import type { U64 } from './simhash';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648 base32, lower case

/** The first 64 bits of SHA-256 of a string. */
export function sha64(text: string): U64 {
  const d = createHash('sha256').update(text, 'utf8').digest();
  return { hi: d.readUInt32BE(0), lo: d.readUInt32BE(4) };
}

// The key last asked for: deciding and indexing one story asks for its key several times.
let lastKey = { source: '', guid: '', key: sha64(':') };

/** Identity of a wire story across versions: 64 bits of SHA-256 of `source:guid`. */
export function guidKey(source: string, guid: string): U64 {
  if (source !== lastKey.source || guid !== lastKey.guid)
    lastKey = { source, guid, key: sha64(`${source}:${guid}`) };
  return { hi: lastKey.key.hi, lo: lastKey.key.lo };
}

const DIGIT = new Map([...ALPHABET].map((c, i) => [c, i]));
const ID_RE = /^art_[a-z2-7]{13}$/;
const P32 = 2 ** 32;

/**
 * `art_` + 13 base32 digits of the 64-bit key of the story that opened the article, so that
 * replaying the same input yields the same id, and the index can hold the id as two numbers.
 * The 64 bits are padded with one 0 bit to 65 = 13 digits of 5 bits, written as 6 digits of the
 * top 30 bits and 7 of the low 35 (each exact in a double, no BigInt in the hot path).
 */
export function articleIdOf(key: U64): string {
  let top = key.hi >>> 2;
  let low = ((key.hi & 3) * P32 + key.lo) * 2;
  let out = '';
  for (let i = 0; i < 7; i++, low = Math.floor(low / 32)) out = ALPHABET[low % 32] + out;
  for (let i = 0; i < 6; i++, top >>>= 5) out = ALPHABET[top & 31] + out;
  return 'art_' + out;
}

export function parseArticleId(articleId: string): U64 {
  let top = 0;
  let low = 0;
  if (ID_RE.test(articleId)) {
    for (let i = 4; i < 10; i++) top = top * 32 + DIGIT.get(articleId[i])!;
    for (let i = 10; i < 17; i++) low = low * 32 + DIGIT.get(articleId[i])!;
  }
  if (!ID_RE.test(articleId) || low % 2 === 1)
    throw new DedupError('BAD_ARTICLE_ID', `not an article id of this curator: '${articleId}'`);
  low /= 2;
  return { hi: (top * 4 + Math.floor(low / P32)) >>> 0, lo: low % P32 };
}
