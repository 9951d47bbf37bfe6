import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The folder of real material the evaluations read: `NEWSWIRE_SHARED`, else `../shared` beside the
 * checkout. It holds third-party copy and IPTC's standards, which never enter the repository, so a
 * user's clone has none and the tests never need it.
 */
export function sharedDir(): string {
  return resolve(process.env.NEWSWIRE_SHARED || join(process.cwd(), '..', 'shared'));
}

/** `sharedDir()/<parts>` when it exists; undefined (the evaluation says it skipped) otherwise. */
export function sharedPath(...parts: string[]): string | undefined {
  const path = join(sharedDir(), ...parts);
  return existsSync(path) ? path : undefined;
}
