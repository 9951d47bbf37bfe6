import { fmix32 } from './hash32';

/** A 64-bit value as two unsigned 32-bit halves (JS numbers are exact to 53 bits only). */
export interface U64 {
  hi: number;
  lo: number;
}

/**
 * Charikar's SimHash over the shingle bag: each shingle votes on 64 bits; near-identical texts
 * land a few bits apart.
 */
export function simhash(shingles: Uint32Array): U64 {
  const n = shingles.length;
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = fmix32(shingles[i] ^ 0x6a09e667);
    b[i] = fmix32(shingles[i] ^ 0xbb67ae85);
  }
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    let ca = 0;
    let cb = 0;
    for (let i = 0; i < n; i++) {
      ca += (a[i] >>> bit) & 1;
      cb += (b[i] >>> bit) & 1;
    }
    // a bit is set when more than half of the shingles vote for it
    if (ca * 2 > n) hi |= 1 << bit;
    if (cb * 2 > n) lo |= 1 << bit;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hammingDistance(aHi: number, aLo: number, bHi: number, bLo: number): number {
  return popcount32((aHi ^ bHi) >>> 0) + popcount32((aLo ^ bLo) >>> 0);
}

export function u64Hex(v: U64): string {
  return v.hi.toString(16).padStart(8, '0') + v.lo.toString(16).padStart(8, '0');
}
