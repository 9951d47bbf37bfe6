import { fmix32 } from './hash32';

/** A 64-bit value as two unsigned 32-bit halves (JS numbers are exact to 53 bits only). */
export interface U64 {
  hi: number;
  lo: number;
}

/** Adds each bit of `x` to its lane's counter, the counters held as bit planes (a ripple-carry adder). */
function addToPlanes(planes: Int32Array, x: number): void {
  for (let j = 0, carry = x; carry !== 0; j++) {
    const next = planes[j] & carry;
    planes[j] ^= carry;
    carry = next;
  }
}

/** The 32 bits whose counter (read back from the planes) exceeds half of `n`. */
function majority(planes: Int32Array, n: number): number {
  let out = 0;
  for (let bit = 0; bit < 32; bit++) {
    let count = 0;
    for (let j = 0; j < planes.length; j++) count |= ((planes[j] >>> bit) & 1) << j;
    if (count * 2 > n) out |= 1 << bit;
  }
  return out >>> 0;
}

/**
 * Charikar's SimHash over the shingle bag: each shingle votes on 64 bits; near-identical texts
 * land a few bits apart. Votes are counted 32 lanes at a time in bit planes: about two word
 * operations a shingle instead of 64 single-bit additions.
 */
export function simhash(shingles: Uint32Array): U64 {
  const n = shingles.length;
  const planeCount = 32 - Math.clz32(n);
  const a = new Int32Array(planeCount);
  const b = new Int32Array(planeCount);
  for (let i = 0; i < n; i++) {
    addToPlanes(a, fmix32(shingles[i] ^ 0x6a09e667));
    addToPlanes(b, fmix32(shingles[i] ^ 0xbb67ae85));
  }
  return { hi: majority(a, n), lo: majority(b, n) };
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
