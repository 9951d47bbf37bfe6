import type { CanonicalStory } from '@newswire/contracts';
import { canonicalHash, canonicalTokens, fingerprintText } from './canonical-text';
import type { DedupConfig } from './dedup-config';
import type { MinHasher } from './minhash';
import { minhashSignature } from './minhash';
import { shingleHashes } from './shingles';
import type { U64 } from './simhash';
import { simhash, u64Hex } from './simhash';

/** Everything the curator compares a story by, computed once per story. */
export interface Fingerprint {
  /** SHA-256 of the canonical words, hex (the `fingerprints.sha256` of events). */
  sha256: string;
  /** Its first 64 bits, the exact-match key. */
  sha: U64;
  simhash: U64;
  /** 16 hex digits (the `fingerprints.simhash` of events). */
  simhashHex: string;
  /** b-bit MinHash signature, one byte a permutation. */
  signature: Uint8Array;
  /** 0 when the story has no words: such a story is only ever matched by guid or exact hash. */
  shingleCount: number;
}

export function fingerprint(
  story: Pick<CanonicalStory, 'canonicalText' | 'headline' | 'body'>,
  config: Pick<DedupConfig, 'shingleSize'>,
  hasher: MinHasher,
): Fingerprint {
  const tokens = canonicalTokens(fingerprintText(story));
  const sha256 = canonicalHash(tokens);
  const shingles = shingleHashes(tokens, config.shingleSize);
  const sim = simhash(shingles);
  return {
    sha256,
    sha: { hi: parseInt(sha256.slice(0, 8), 16), lo: parseInt(sha256.slice(8, 16), 16) },
    simhash: sim,
    simhashHex: u64Hex(sim),
    signature: minhashSignature(shingles, hasher),
    shingleCount: shingles.length,
  };
}
