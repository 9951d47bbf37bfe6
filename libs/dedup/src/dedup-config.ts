import { DedupError } from './dedup-error';

/**
 * Every knob of the curator's similarity tests. Defaults are tuned on eval/dedup (see its README);
 * change them through configuration, never in code.
 */
export interface DedupConfig {
  /** Words per shingle. 3 keeps shared stock phrases ("the ministry said") from looking like copies. */
  shingleSize: number;
  /**
   * MinHash permutations. The first `bands × rows` key the LSH bands and keep 32/rows bits each;
   * the rest only verify and keep 8 bits (b-bit MinHash, Li & König 2010). 96 = 32 values of
   * 16 bits + 64 of 8: 128 bytes an article, as 128 one-byte values took, with 32-bit band keys.
   */
  permutations: number;
  /** LSH bands × rows must not exceed `permutations`. */
  bands: number;
  rows: number;
  /** Estimated Jaccard at or above which a candidate is the same article (near duplicate). */
  duplicateThreshold: number;
  /** SimHash Hamming distance at or below which a candidate above `relatedThreshold` is also a near duplicate. */
  simhashMaxDistance: number;
  /**
   * Share of the shorter text's shingles found in the longer one at or above which it is the same
   * article (a brief or a truncated republication), when Jaccard is at least `relatedThreshold`.
   */
  containmentThreshold: number;
  /** Estimated Jaccard at or above which a different story is linked as related. */
  relatedThreshold: number;
  /** Candidates whose last version is further apart than this in time are ignored. */
  windowHours: number;
  /** Seed of the MinHash permutations: changing it changes every signature (rebuild the index). */
  seed: number;
}

export const defaultDedupConfig: Readonly<DedupConfig> = Object.freeze({
  shingleSize: 3,
  permutations: 96,
  bands: 16,
  rows: 2,
  duplicateThreshold: 0.5,
  simhashMaxDistance: 6,
  containmentThreshold: 0.8,
  relatedThreshold: 0.2,
  windowHours: 7 * 24,
  seed: 0x5eed,
});

const isInt = (n: unknown, min: number, max: number): boolean =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
const isUnit = (n: unknown): boolean => typeof n === 'number' && n >= 0 && n <= 1;

/** Fills defaults and rejects impossible combinations with a `DedupError('INVALID_CONFIG')`. */
export function dedupConfig(partial: Partial<DedupConfig> = {}): DedupConfig {
  const c: DedupConfig = { ...defaultDedupConfig, ...partial };
  const problems: string[] = [];
  if (!isInt(c.shingleSize, 1, 16)) problems.push('shingleSize must be an integer in 1..16');
  if (!isInt(c.permutations, 8, 1024)) problems.push('permutations must be an integer in 8..1024');
  if (!isInt(c.bands, 1, 256) || !isInt(c.rows, 1, 32))
    problems.push('bands and rows must be positive integers');
  else if (c.bands * c.rows > c.permutations) problems.push('bands × rows must not exceed permutations');
  if (!isUnit(c.duplicateThreshold) || !isUnit(c.relatedThreshold) || !isUnit(c.containmentThreshold))
    problems.push('thresholds must be in 0..1');
  else if (c.relatedThreshold > c.duplicateThreshold)
    problems.push('relatedThreshold must not exceed duplicateThreshold');
  if (!isInt(c.simhashMaxDistance, 0, 64)) problems.push('simhashMaxDistance must be an integer in 0..64');
  if (typeof c.windowHours !== 'number' || !(c.windowHours > 0))
    problems.push('windowHours must be positive');
  if (!isInt(c.seed, 0, 0xffffffff)) problems.push('seed must be a 32-bit unsigned integer');
  if (problems.length) throw new DedupError('INVALID_CONFIG', `invalid dedup config: ${problems.join('; ')}`);
  return c;
}
