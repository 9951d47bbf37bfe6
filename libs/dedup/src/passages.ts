import { asciiWords, canonicalWords } from './canonical-text';
import type { DedupConfig } from './dedup-config';
import { sampledShingles, wordHashes } from './shingles';
import { uniqueSorted } from './unique-sorted';

type PassageConfig = Pick<DedupConfig, 'passageShingleSize' | 'passageSampling'>;

/**
 * The passages a story is found and verified by: hashes of the body's word shingles (headline
 * excluded: outlets rewrite it), kept when their low bits are zero (1 in `passageSampling`),
 * unique, in the order the text has them (first occurrence). Sampling by value keeps what two
 * texts share: a shingle of a copy that is sampled is sampled in the original too, so the shared
 * share estimates containment, and their order tells a copy (same order) from a text that reuses
 * its passages in another. Both orders, from one sort.
 */
export function passagesOf(
  body: string,
  config: PassageConfig,
): { inTextOrder: Uint32Array; ascending: Uint32Array } {
  const words = asciiWords(body)?.hashes ?? wordHashes(canonicalWords(body));
  const sampled = sampledShingles(words, config.passageShingleSize, config.passageSampling - 1);
  const sorted = uniqueSorted(sampled.slice().sort());
  if (sorted.length === sampled.length) return { inTextOrder: sampled, ascending: sorted };
  const seen = new Set<number>();
  const out = new Uint32Array(sorted.length);
  let n = 0;
  for (const h of sampled)
    if (!seen.has(h)) {
      seen.add(h);
      out[n++] = h;
    }
  return { inTextOrder: out, ascending: sorted };
}

export const passagesInTextOrder = (body: string, config: PassageConfig): Uint32Array =>
  passagesOf(body, config).inTextOrder;

/** The same passages, ascending (what postings and counts are kept by). */
export const passageHashes = (body: string, config: PassageConfig): Uint32Array =>
  passagesOf(body, config).ascending;

/** Distinct hashes, ascending, in a new array. */
export function ascending(hashes: Uint32Array): Uint32Array {
  return uniqueSorted(hashes.slice().sort());
}

/** Of hashes in text order, the `n` smallest, in text order (the passages an article is indexed under). */
export function smallestInOrder(inOrder: Uint32Array, sortedAsc: Uint32Array, n: number): Uint32Array {
  if (sortedAsc.length <= n) return inOrder;
  const cut = sortedAsc[n - 1];
  return inOrder.filter((h) => h <= cut);
}

/** Hashes as base64 of their little-endian bytes (what events carry). */
export function encodeHashes(hashes: Uint32Array): string {
  const bytes = new Uint8Array(hashes.length * 4);
  const view = new DataView(bytes.buffer);
  hashes.forEach((h, i) => view.setUint32(i * 4, h, true));
  return Buffer.from(bytes).toString('base64');
}

/** The hashes `encodeHashes` wrote, or undefined when the text is not such an encoding. */
export function decodeHashes(encoded: string): Uint32Array | undefined {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length % 4 !== 0 || bytes.toString('base64') !== encoded) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Uint32Array.from({ length: bytes.length / 4 }, (_, i) => view.getUint32(i * 4, true));
}
