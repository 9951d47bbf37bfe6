import type { DedupConfig } from './dedup-config';
import { fmix32, splitmix32 } from './hash32';

type MinHashConfig = Pick<DedupConfig, 'permutations' | 'bands' | 'rows' | 'seed'>;

/**
 * Seeds of the permutations h_i(x) = xorshift(imul(x ^ s_i, a_i)), each a bijection on 32 bits,
 * and the layout of the signature: the first `bands × rows` values key the LSH bands, the rest
 * only verify.
 */
export interface MinHasher {
  readonly xors: Uint32Array;
  readonly mults: Uint32Array;
  readonly bands: number;
  readonly rows: number;
  /** Bits kept of each band row: the rows of a band are packed into one 32-bit key. */
  readonly rowBits: number;
  /** Verification values, kept at 8 bits (b-bit MinHash, Li & König 2010). */
  readonly narrow: number;
  /** Probability that two values of unrelated sets agree by chance, averaged over the signature. */
  readonly chance: number;
}

/**
 * A MinHash signature. Band rows keep `rowBits` bits each, packed per band into a 32-bit key, so
 * that an LSH bucket holds (nearly) only real matches: two 1-byte rows would make a 16-bit key,
 * and at a million articles each story would meet ~250 chance collisions.
 */
export interface Signature {
  bandKeys: Uint32Array;
  bytes: Uint8Array;
}

export function minHasher(config: MinHashConfig): MinHasher {
  const next = splitmix32(config.seed);
  const xors = new Uint32Array(config.permutations);
  const mults = new Uint32Array(config.permutations);
  for (let i = 0; i < config.permutations; i++) {
    xors[i] = next();
    mults[i] = (next() | 1) >>> 0;
  }
  const { bands, rows } = config;
  const rowBits = Math.floor(32 / rows);
  const narrow = config.permutations - bands * rows;
  const chance = (bands * rows * Math.pow(2, -rowBits) + narrow / 256) / config.permutations;
  return { xors, mults, bands, rows, rowBits, narrow, chance };
}

const rowMask = (bits: number): number => (bits >= 32 ? 0xffffffff : (1 << bits) - 1);

/** The signature of a shingle set: the minimum of each permutation, mixed, then truncated. */
export function minhashSignature(shingles: Uint32Array, hasher: MinHasher): Signature {
  const { bands, rows, rowBits } = hasher;
  const k = hasher.xors.length;
  const keyed = bands * rows;
  const mask = rowMask(rowBits);
  const bandKeys = new Uint32Array(bands);
  const bytes = new Uint8Array(hasher.narrow);
  const n = shingles.length;
  const put = (i: number, min: number): void => {
    const value = fmix32(min);
    if (i < keyed) {
      const b = (i / rows) | 0;
      bandKeys[b] = (bandKeys[b] | ((value & mask) << ((i % rows) * rowBits))) >>> 0;
    } else bytes[i - keyed] = value & 0xff;
  };
  // Four permutations a pass over the shingles, each running minimum in a register; values kept
  // to 31 bits so that V8 stays on small integers (one bit of range lost, none of the order).
  let i = 0;
  for (; i + 4 <= k; i += 4) {
    const x0 = hasher.xors[i] | 0;
    const x1 = hasher.xors[i + 1] | 0;
    const x2 = hasher.xors[i + 2] | 0;
    const x3 = hasher.xors[i + 3] | 0;
    const m0 = hasher.mults[i] | 0;
    const m1 = hasher.mults[i + 1] | 0;
    const m2 = hasher.mults[i + 2] | 0;
    const m3 = hasher.mults[i + 3] | 0;
    let min0 = 0x7fffffff;
    let min1 = 0x7fffffff;
    let min2 = 0x7fffffff;
    let min3 = 0x7fffffff;
    for (let s = 0; s < n; s++) {
      const sh = shingles[s];
      const v0 = Math.imul(sh ^ x0, m0);
      const v1 = Math.imul(sh ^ x1, m1);
      const v2 = Math.imul(sh ^ x2, m2);
      const v3 = Math.imul(sh ^ x3, m3);
      const w0 = (v0 ^ (v0 >>> 15)) >>> 1;
      const w1 = (v1 ^ (v1 >>> 15)) >>> 1;
      const w2 = (v2 ^ (v2 >>> 15)) >>> 1;
      const w3 = (v3 ^ (v3 >>> 15)) >>> 1;
      if (w0 < min0) min0 = w0;
      if (w1 < min1) min1 = w1;
      if (w2 < min2) min2 = w2;
      if (w3 < min3) min3 = w3;
    }
    put(i, min0);
    put(i + 1, min1);
    put(i + 2, min2);
    put(i + 3, min3);
  }
  for (; i < k; i++) {
    const xor = hasher.xors[i] | 0;
    const mult = hasher.mults[i] | 0;
    let min = 0x7fffffff;
    for (let s = 0; s < n; s++) {
      const v = Math.imul(shingles[s] ^ xor, mult);
      const w = (v ^ (v >>> 15)) >>> 1;
      if (w < min) min = w;
    }
    put(i, min);
  }
  return { bandKeys, bytes };
}

/** Rows on which two band keys agree. */
export function equalRows(a: number, b: number, hasher: MinHasher): number {
  const { rows, rowBits } = hasher;
  const mask = rowMask(rowBits);
  const diff = (a ^ b) >>> 0;
  if (diff === 0) return rows;
  let equal = 0;
  for (let r = 0; r < rows; r++) if (((diff >>> (r * rowBits)) & mask) === 0) equal++;
  return equal;
}

/** Jaccard estimate from the number of agreeing values, corrected for chance agreement. */
export function jaccardFromAgreement(equal: number, hasher: MinHasher): number {
  const p = equal / hasher.xors.length;
  return Math.min(1, Math.max(0, (p - hasher.chance) / (1 - hasher.chance)));
}

/** Agreeing verification bytes of two byte pools at offsets. */
export function equalBytes(a: Uint8Array, aOff: number, b: Uint8Array, bOff: number, n: number): number {
  let equal = 0;
  for (let i = 0; i < n; i++) if (a[aOff + i] === b[bOff + i]) equal++;
  return equal;
}

export function estimateJaccard(a: Signature, b: Signature, hasher: MinHasher): number {
  let equal = equalBytes(a.bytes, 0, b.bytes, 0, hasher.narrow);
  for (let i = 0; i < hasher.bands; i++) equal += equalRows(a.bandKeys[i], b.bandKeys[i], hasher);
  return jaccardFromAgreement(equal, hasher);
}

/** Scheme name a carried signature was computed under; any other configuration recomputes. */
export function minhashScheme(config: Pick<DedupConfig, 'shingleSize' | keyof MinHashConfig>): string {
  return `mh1:${config.shingleSize}:${config.permutations}:${config.bands}x${config.rows}:${config.seed}`;
}

/** Base64 of the band keys (little-endian) then the verification bytes, for the event log. */
export function encodeSignature(sig: Signature): string {
  const buf = Buffer.allocUnsafe(sig.bandKeys.length * 4 + sig.bytes.length);
  for (let i = 0; i < sig.bandKeys.length; i++) buf.writeUInt32LE(sig.bandKeys[i], i * 4);
  buf.set(sig.bytes, sig.bandKeys.length * 4);
  return buf.toString('base64');
}

/** The signature carried in an event, or undefined when its length does not fit this hasher. */
export function decodeSignature(text: string, hasher: MinHasher): Signature | undefined {
  const buf = Buffer.from(text, 'base64');
  if (buf.length !== hasher.bands * 4 + hasher.narrow) return undefined;
  const bandKeys = new Uint32Array(hasher.bands);
  for (let i = 0; i < hasher.bands; i++) bandKeys[i] = buf.readUInt32LE(i * 4);
  return { bandKeys, bytes: new Uint8Array(buf.subarray(hasher.bands * 4)) };
}
