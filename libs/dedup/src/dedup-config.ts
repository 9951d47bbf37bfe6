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
  /** Estimated Jaccard (MinHash) at or above which a candidate is the same article. */
  duplicateThreshold: number;
  /**
   * Share of the shorter body's sampled passages found in the other at or above which it is the
   * same article (a trimmed, re-paragraphed or extended copy), given `minSharedPassages`.
   */
  duplicateContainment: number;
  /**
   * The same share as estimated from the MinHash Jaccard and the shingle counts (whole text), at
   * or above which a candidate over `duplicateContainment` is the same article: two readings
   * must agree, so that a few passages shared by chance (a reused paragraph) do not merge.
   */
  duplicateTextContainment: number;
  /** Sampled passages two bodies must share before their containment counts (a brief shares few). */
  minSharedPassages: number;
  /**
   * Shared passages from which the containment alone decides: that many do not match by chance,
   * and an article grown by its copies' text is compared by passages its own text lacks.
   */
  sharedPassagesAlone: number;
  /** Estimated Jaccard at or above which a different story is linked as related. */
  relatedThreshold: number;
  /** Containment at or above which a story sharing passages with an article is linked as related. */
  relatedContainment: number;
  /** Names and numbers (of the sketches' `namesPerStory`) shared at or above which stories are related. */
  relatedNames: number;
  /** Related stories are at most this far apart in time (independent accounts of one event). */
  relatedHours: number;
  /**
   * Stories that share names and numbers but no text are related only when written about the same
   * time: one more shared name is needed for every this many hours apart (a story on the same
   * topic the day before shares a few names too).
   */
  relatedNamesHours: number;
  /**
   * A later version of the same agency's story (both credit it, the shared passages in the same
   * order, the names shared as for `relatedNames`, at most `versionHours` apart) is the same
   * article from this containment and `versionPassages` shared passages: an agency's write-through
   * keeps some of its paragraphs and rewrites the rest. A story from another agency never is.
   */
  versionContainment: number;
  versionPassages: number;
  /** Share of consecutive shared passages (in the story's order) in the same order in the article. */
  versionOrder: number;
  versionHours: number;
  /** Words per passage shingle: 5 rarely recur in different stories, and survive trimming. */
  passageShingleSize: number;
  /** One shingle in this many (a power of two) is a passage. */
  passageSampling: number;
  /** Passages posted for an article's first text; a copy or version adds up to `passagesGrown` in all. */
  passagesPerArticle: number;
  passagesGrown: number;
  /** Size of each story's names sketch. */
  namesPerStory: number;
  /** A passage or name posted for more articles than this in the window is boilerplate and ignored. */
  boilerplateArticles: number;
  /**
   * log2 of the chain heads of each posting index (4 B each). 22: 16 MB each, chains of about 4
   * postings at a million articles (16 passages and 12 names each), where 20 made them 16.
   */
  postingBucketBits: number;
  /**
   * Candidates whose last version is further apart than this in time are ignored, and their
   * passages and names are forgotten; guids and exact hashes are kept for good.
   */
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
  duplicateContainment: 0.5,
  duplicateTextContainment: 0.5,
  minSharedPassages: 2,
  sharedPassagesAlone: 6,
  relatedThreshold: 0.2,
  relatedContainment: 0.15,
  relatedNames: 3,
  relatedHours: 72,
  relatedNamesHours: 12,
  versionContainment: 0.12,
  versionPassages: 3,
  versionOrder: 0.6,
  versionHours: 24,
  passageShingleSize: 5,
  passageSampling: 8,
  passagesPerArticle: 16,
  passagesGrown: 48,
  namesPerStory: 12,
  boilerplateArticles: 24,
  postingBucketBits: 22,
  windowHours: 30 * 24,
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
  if (!isUnit(c.duplicateThreshold) || !isUnit(c.relatedThreshold))
    problems.push('thresholds must be in 0..1');
  else if (c.relatedThreshold > c.duplicateThreshold)
    problems.push('relatedThreshold must not exceed duplicateThreshold');
  if (
    !isUnit(c.duplicateContainment) ||
    !isUnit(c.duplicateTextContainment) ||
    !isUnit(c.relatedContainment) ||
    !isUnit(c.versionContainment) ||
    !isUnit(c.versionOrder)
  )
    problems.push('containments must be in 0..1');
  if (
    !isInt(c.minSharedPassages, 1, 255) ||
    !isInt(c.sharedPassagesAlone, 1, 255) ||
    !isInt(c.relatedNames, 1, 255) ||
    !isInt(c.versionPassages, 1, 255)
  )
    problems.push(
      'minSharedPassages, sharedPassagesAlone, relatedNames and versionPassages must be integers in 1..255',
    );
  if (!isInt(c.passageShingleSize, 1, 16)) problems.push('passageShingleSize must be an integer in 1..16');
  if (!isInt(c.passageSampling, 1, 1 << 16) || (c.passageSampling & (c.passageSampling - 1)) !== 0)
    problems.push('passageSampling must be a power of two');
  if (!isInt(c.passagesPerArticle, 1, 255) || !isInt(c.passagesGrown, c.passagesPerArticle, 255))
    problems.push('passagesPerArticle ≤ passagesGrown must be integers in 1..255');
  if (!isInt(c.namesPerStory, 0, 255)) problems.push('namesPerStory must be an integer in 0..255');
  if (!isInt(c.boilerplateArticles, 1, 1 << 16))
    problems.push('boilerplateArticles must be a positive integer');
  if (!isInt(c.postingBucketBits, 4, 28)) problems.push('postingBucketBits must be an integer in 4..28');
  for (const k of ['relatedHours', 'relatedNamesHours', 'versionHours'] as const)
    if (typeof c[k] !== 'number' || !(c[k] > 0)) problems.push(`${k} must be positive`);
  if (typeof c.windowHours !== 'number' || !(c.windowHours > 0))
    problems.push('windowHours must be positive');
  if (!isInt(c.seed, 0, 0xffffffff)) problems.push('seed must be a 32-bit unsigned integer');
  if (problems.length) throw new DedupError('INVALID_CONFIG', `invalid dedup config: ${problems.join('; ')}`);
  return c;
}
