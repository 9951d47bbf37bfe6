/** Small, fast 32-bit hashes for shingles and table keys (SHA-256 is for identities, not inner loops). */

/** MurmurHash3's finaliser: a bijection on 32 bits with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised with fmix32. */
export function hashString32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/**
 * A 32-bit hash of a long string, two FNV-style lanes over pairs of code units: four units per
 * step instead of one, for the field digests the index folds over every event's body. Any one
 * changed unit changes the result (each step is a bijection of the lane state).
 */
export function hashText32(s: string): number {
  let a = 0x811c9dc5;
  let b = (0x01000193 ^ s.length) >>> 0;
  let i = 0;
  for (; i + 4 <= s.length; i += 4) {
    a = Math.imul(a ^ (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)), 0x01000193);
    b = Math.imul(b ^ (s.charCodeAt(i + 2) | (s.charCodeAt(i + 3) << 16)), 0x01000193);
  }
  for (; i < s.length; i++) a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
  return fmix32((a ^ fmix32(b >>> 0)) >>> 0);
}

/** Order-sensitive combination of two 32-bit hashes. */
export function combine32(a: number, b: number): number {
  return fmix32((Math.imul(a, 0x9e3779b1) ^ b) >>> 0);
}

/** Deterministic 32-bit generator (splitmix32) for MinHash seeds. */
export function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    return fmix32(state);
  };
}
