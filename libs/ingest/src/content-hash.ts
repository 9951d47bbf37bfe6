import { createHash } from 'node:crypto';

/** The hash an item's content is compared by between polls (hex SHA-256). */
export function contentHash(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
