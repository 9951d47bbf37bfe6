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

/**
 * The 32 bits whose counter (held in the planes) exceeds half of `n`: each counter compared with
 * floor(n/2) + 1 in all lanes at once, from the top plane down, instead of read back lane by lane.
 */
function majority(planes: Int32Array, n: number): number {
  const threshold = (n >>> 1) + 1;
  let greater = 0;
  let equal = -1;
  for (let j = planes.length - 1; j >= 0; j--) {
    if ((threshold >>> j) & 1) equal &= planes[j];
    else {
      greater |= equal & planes[j];
      equal &= ~planes[j];
    }
  }
  // the threshold never exceeds n, so it has no bit above the planes (n = 0: no planes, no votes)
  return n === 0 ? 0 : (greater | equal) >>> 0;
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
