import type { CanonicalStory, Fingerprints } from '@newswire/contracts';
import { bodyText } from '@newswire/contracts';
import { asciiWords, canonicalHash, canonicalWords, fingerprintText } from './canonical-text';
import type { DedupConfig } from './dedup-config';
import type { MinHasher, Signature } from './minhash';
import { decodeSignature, encodeSignature, minhashScheme, minhashSignature } from './minhash';
import { nameHashes } from './names';
import { agencyOf } from './agency';
import { ascending, decodeHashes, encodeHashes, passagesOf, smallestInOrder } from './passages';
import { shinglesOfWordHashes, wordHashes } from './shingles';
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
  /** MinHash signature: LSH band keys and verification bytes. */
  signature: Signature;
  /** 0 when the story has no words: such a story is only ever matched by guid or exact hash. */
  shingleCount: number;
  /** Sampled passage hashes of the body, ascending (all of them for a story; as carried for an event). */
  passages: Uint32Array;
  /** The same passages in the order of the text. */
  passageOrder: Uint32Array;
  /** The agency the story's credit names (agency.ts; 0: none). */
  agency: number;
  /** The names sketch, ascending. */
  names: Uint32Array;
}

type FingerprintConfig = Pick<
  DedupConfig,
  | 'shingleSize'
  | 'permutations'
  | 'bands'
  | 'rows'
  | 'seed'
  | 'passageShingleSize'
  | 'passageSampling'
  | 'passagesPerArticle'
  | 'namesPerStory'
>;

const passageScheme = (c: FingerprintConfig): string =>
  `passages-v2:k${c.passageShingleSize}:s${c.passageSampling}:n${c.passagesPerArticle}`;
const nameScheme = (c: FingerprintConfig): string => `names-v1:n${c.namesPerStory}`;

const hex64 = (hex: string): U64 => ({
  hi: parseInt(hex.slice(0, 8), 16) >>> 0,
  lo: parseInt(hex.slice(8, 16), 16) >>> 0,
});

export function fingerprint(
  story: Pick<CanonicalStory, 'canonicalText' | 'headline' | 'body'>,
  config: FingerprintConfig,
  hasher: MinHasher,
): Fingerprint {
  const body = bodyText(story);
  const text = fingerprintText(story);
  const ascii = asciiWords(text);
  const words = ascii?.bytes ?? canonicalWords(text);
  const sha256 = canonicalHash(words);
  const shingles = shinglesOfWordHashes(ascii?.hashes ?? wordHashes(words), config.shingleSize);
  const sim = simhash(shingles);
  const passages = passagesOf(body, config);
  return {
    sha256,
    sha: hex64(sha256),
    simhash: sim,
    simhashHex: u64Hex(sim),
    signature: minhashSignature(shingles, hasher),
    shingleCount: shingles.length,
    passages: passages.ascending,
    passageOrder: passages.inTextOrder,
    names: nameHashes(`${story.headline}\n${body}`, config.namesPerStory),
    agency: agencyOf(story.body),
  };
}

/** The `fingerprints` of an event: what a rebuild needs to index the story without its text. */
export function fingerprintsOf(fp: Fingerprint, config: FingerprintConfig): Fingerprints {
  return {
    sha256: fp.sha256,
    simhash: fp.simhashHex,
    minhash: {
      scheme: minhashScheme(config),
      shingles: fp.shingleCount,
      signature: encodeSignature(fp.signature),
    },
    // the passages an article is indexed under: the smallest, as CuratorIndex keeps them, in
    // the order of the text (v2; v1 had them ascending, and lost the order)
    passages: {
      scheme: passageScheme(config),
      hashes: encodeHashes(smallestInOrder(fp.passageOrder, fp.passages, config.passagesPerArticle)),
    },
    names: { scheme: nameScheme(config), hashes: encodeHashes(fp.names) },
  };
}

/**
 * The fingerprint an event carries, or undefined when it carries none usable here (written before
 * `minhash` existed, or under another scheme): the caller then fingerprints the text again.
 * Events carry no credit: `agency` is the story's, given by the caller (0 for a copy's).
 */
export function carriedFingerprint(
  f: Fingerprints,
  config: FingerprintConfig,
  hasher: MinHasher,
  agency = 0,
): Fingerprint | undefined {
  if (!f.minhash || f.minhash.scheme !== minhashScheme(config)) return undefined;
  if (!/^[0-9a-f]{64}$/.test(f.sha256) || !/^[0-9a-f]{16}$/.test(f.simhash)) return undefined;
  if (f.passages?.scheme !== passageScheme(config) || f.names?.scheme !== nameScheme(config))
    return undefined;
  const signature = decodeSignature(f.minhash.signature, hasher);
  const passageOrder = decodeHashes(f.passages.hashes);
  const names = decodeHashes(f.names.hashes);
  if (!signature || !passageOrder || !names) return undefined;
  return {
    sha256: f.sha256,
    sha: hex64(f.sha256),
    simhash: hex64(f.simhash),
    simhashHex: f.simhash,
    signature,
    shingleCount: f.minhash.shingles,
    passages: ascending(passageOrder),
    passageOrder,
    names,
    agency,
  };
}
