import { asciiWords, canonicalWords } from './canonical-text';
import type { DedupConfig } from './dedup-config';
import { sampledShingles, wordHashes } from './shingles';
import { uniqueSorted } from './unique-sorted';

type PassageConfig = Pick<DedupConfig, 'passageShingleSize' | 'passageSampling'>;

/**
 * The passages a story is found and verified by: hashes of the body's word shingles (headline
 * excluded: outlets rewrite it), kept when their low bits are zero (1 in `passageSampling`),
 * unique and ascending. Sampling by value keeps what two texts share: a shingle of a copy that
 * is sampled is sampled in the original too, so the shared share estimates containment.
 */
export function passageHashes(body: string, config: PassageConfig): Uint32Array {
  const words = asciiWords(body)?.hashes ?? wordHashes(canonicalWords(body));
  return uniqueSorted(sampledShingles(words, config.passageShingleSize, config.passageSampling - 1).sort());
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
