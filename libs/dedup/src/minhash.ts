import type { DedupConfig } from './dedup-config';
import { fmix32, splitmix32 } from './hash32';

/** Seeds of the permutations h_i(x) = xorshift(imul(x ^ s_i, a_i)), each a bijection on 32 bits. */
export interface MinHasher {
  readonly xors: Uint32Array;
  readonly mults: Uint32Array;
}

export function minHasher(config: Pick<DedupConfig, 'permutations' | 'seed'>): MinHasher {
  const next = splitmix32(config.seed);
  const xors = new Uint32Array(config.permutations);
  const mults = new Uint32Array(config.permutations);
  for (let i = 0; i < config.permutations; i++) {
    xors[i] = next();
    mults[i] = (next() | 1) >>> 0;
  }
  return { xors, mults };
}

/**
 * b-bit MinHash signature (b = 8): the minimum of each permutation over the shingle set, reduced
 * to its low byte after mixing. 1 byte a permutation keeps the index compact; the estimator below
 * corrects for the 1/256 chance collisions that the reduction adds.
 */
export function minhashSignature(shingles: Uint32Array, hasher: MinHasher): Uint8Array {
  const k = hasher.xors.length;
  const sig = new Uint8Array(k);
  const n = shingles.length;
  // Permutation-major with the running minimum in a register; values kept to 31 bits so that
  // V8 stays on small integers (one bit of range lost, none of the order).
  for (let i = 0; i < k; i++) {
    const xor = hasher.xors[i] | 0;
    const mult = hasher.mults[i] | 0;
    let min = 0x7fffffff;
    for (let s = 0; s < n; s++) {
      const v = Math.imul(shingles[s] ^ xor, mult);
      const w = (v ^ (v >>> 15)) >>> 1;
      if (w < min) min = w;
    }
    sig[i] = fmix32(min) & 0xff;
  }
  return sig;
}

/** Jaccard estimate from two b-bit signatures stored at offsets in byte pools. */
export function estimateJaccard(a: Uint8Array, aOff: number, b: Uint8Array, bOff: number, k: number): number {
  let equal = 0;
  for (let i = 0; i < k; i++) if (a[aOff + i] === b[bOff + i]) equal++;
  const p = equal / k;
  return Math.min(1, Math.max(0, (p - 1 / 256) / (1 - 1 / 256)));
}

/** LSH bucket of one band: its rows' bytes hashed to 16 bits. */
export function bandBucket(sig: Uint8Array, off: number, band: number, rows: number): number {
  let h = band + 1;
  for (let r = 0; r < rows; r++) h = Math.imul(h, 0x01000193) ^ sig[off + band * rows + r];
  return fmix32(h >>> 0) >>> 16;
}
