import { combine32, hashString32 } from './hash32';

/**
 * 32-bit hashes of the word k-shingles of `tokens` (a bag, in order). A text shorter than k words
 * is one shingle; no words, no shingles.
 */
export function shingleHashes(tokens: readonly string[], k: number): Uint32Array {
  if (tokens.length === 0) return new Uint32Array(0);
  const words = tokens.map((t) => hashString32(t));
  const n = Math.max(1, words.length - k + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x2545f491;
    for (let j = i; j < Math.min(i + k, words.length); j++) h = combine32(h, words[j]);
    out[i] = h;
  }
  return out;
}
