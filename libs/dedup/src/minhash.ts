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
  const mins = new Uint32Array(k).fill(0xffffffff);
  const { xors, mults } = hasher;
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s];
    for (let i = 0; i < k; i++) {
      let v = Math.imul(x ^ xors[i], mults[i]);
      v = (v ^ (v >>> 15)) >>> 0;
      if (v < mins[i]) mins[i] = v;
    }
  }
  const sig = new Uint8Array(k);
  for (let i = 0; i < k; i++) sig[i] = fmix32(mins[i]) & 0xff;
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
