import { createHash } from 'node:crypto';
import { DedupError } from './dedup-error';
import type { U64 } from './simhash';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648 base32, lower case

/** The first 64 bits of SHA-256 of a string. */
export function sha64(text: string): U64 {
  const d = createHash('sha256').update(text, 'utf8').digest();
  return { hi: d.readUInt32BE(0), lo: d.readUInt32BE(4) };
}

/** Identity of a wire story across versions: 64 bits of SHA-256 of `source:guid`. */
export function guidKey(source: string, guid: string): U64 {
  return sha64(`${source}:${guid}`);
}

/**
 * `art_` + 13 base32 digits of the 64-bit key of the story that opened the article, so that
 * replaying the same input yields the same id, and the index can hold the id as two numbers.
 */
export function articleIdOf(key: U64): string {
  // 64 bits padded with one 0 bit to 65 = 13 digits of 5 bits.
  let v = ((BigInt(key.hi) << 32n) | BigInt(key.lo)) << 1n;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return 'art_' + out;
}

export function parseArticleId(articleId: string): U64 {
  let v = 0n;
  if (/^art_[a-z2-7]{13}$/.test(articleId))
    for (const ch of articleId.slice(4)) v = (v << 5n) | BigInt(ALPHABET.indexOf(ch));
  if (!/^art_[a-z2-7]{13}$/.test(articleId) || v & 1n)
    throw new DedupError('BAD_ARTICLE_ID', `not an article id of this curator: '${articleId}'`);
  v >>= 1n;
  return { hi: Number(v >> 32n), lo: Number(v & 0xffffffffn) };
}
