import { combine32, fmix32, hashString32 } from './hash32';

/**
 * `hashString32` of each space-separated word of `words` (as `canonicalWords` or, in bytes,
 * `asciiCanonicalWords` return them), computed in one scan without making a string a word.
 */
export function wordHashes(words: string | Uint8Array): Uint32Array {
  if (words.length === 0) return new Uint32Array(0);
  if (typeof words !== 'string') return byteWordHashes(words);
  // words are separated by one space: at most half the length, plus one
  const out = new Uint32Array((words.length >> 1) + 1);
  let w = 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) {
    const c = words.charCodeAt(i);
    if (c === 32) {
      out[w++] = fmix32(h >>> 0);
      h = 0x811c9dc5;
    } else h = Math.imul(h ^ c, 0x01000193);
  }
  out[w++] = fmix32(h >>> 0);
  return out.subarray(0, w);
}

/** `wordHashes` of ASCII words as bytes: each byte is the code unit `hashString32` reads. */
function byteWordHashes(words: Uint8Array): Uint32Array {
  const out = new Uint32Array((words.length >> 1) + 1);
  let w = 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) {
    const c = words[i];
    if (c === 32) {
      out[w++] = fmix32(h >>> 0);
      h = 0x811c9dc5;
    } else h = Math.imul(h ^ c, 0x01000193);
  }
  out[w++] = fmix32(h >>> 0);
  return out.subarray(0, w);
}

/**
 * 32-bit hashes of the word k-shingles of a text, from the hashes of its words in order. A text
 * shorter than k words is one shingle; no words, no shingles.
 */
export function shinglesOfWordHashes(words: Uint32Array, k: number): Uint32Array {
  if (words.length === 0) return new Uint32Array(0);
  const n = Math.max(1, words.length - k + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x2545f491;
    for (let j = i; j < Math.min(i + k, words.length); j++) h = combine32(h, words[j]);
    out[i] = h;
  }
  return out;
}

/**
 * The hashes of `shinglesOfWordHashes(words, k)` whose bits under `mask` are zero, in text order,
 * without the array of all of them: passages keep one shingle in 8.
 */
export function sampledShingles(words: Uint32Array, k: number, mask: number): Uint32Array {
  if (words.length === 0) return new Uint32Array(0);
  const n = Math.max(1, words.length - k + 1);
  const out = new Uint32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    let h = 0x2545f491;
    for (let j = i; j < Math.min(i + k, words.length); j++) h = combine32(h, words[j]);
    if ((h & mask) === 0) out[kept++] = h;
  }
  return out.subarray(0, kept);
}

/** 32-bit hashes of the word k-shingles of `tokens` (a bag, in order). */
export function shingleHashes(tokens: readonly string[], k: number): Uint32Array {
  return shinglesOfWordHashes(
    Uint32Array.from(tokens, (t) => hashString32(t)),
    k,
  );
}
