import { createHash } from 'node:crypto';
import type { ArticleProjection } from '@newswire/contracts';

/**
 * JSON with object keys in code-unit order and undefined members left out, so that equal values
 * give equal bytes whatever order their fields were built (or read back from jsonb) in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // No prototype: a key named "__proto__" (wire text is open-ended) stays an ordinary key.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/** SHA-256 (hex) of the canonical JSON: what `replay --verify` compares. */
export function projectionDigest(p: ArticleProjection): string {
  return createHash('sha256').update(canonicalJson(p)).digest('hex');
}
