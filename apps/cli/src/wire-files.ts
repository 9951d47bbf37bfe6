import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { MAX_RECORD_BYTES } from '@newswire/contracts';

/** The largest wire file worth reading: a raw topic takes no larger record (headers need room too). */
export const MAX_WIRE_FILE_BYTES = MAX_RECORD_BYTES - 64 * 1024;

/** A wire file's bytes, refused before reading when it is larger than any topic would take. */
export function readWireFile(file: string): Buffer {
  const { size } = statSync(file);
  if (size > MAX_WIRE_FILE_BYTES)
    throw new Error(`${file} is ${size} bytes; a wire can be at most ${MAX_WIRE_FILE_BYTES}`);
  return readFileSync(file);
}

/** Files named on the command line, with directories expanded (sorted, so order is reproducible). */
export function wireFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      out.push(
        ...wireFiles(
          readdirSync(p)
            .sort()
            .filter((f) => !f.startsWith('.') && !f.endsWith('.md'))
            .map((f) => join(p, f)),
        ),
      );
    } else out.push(p);
  }
  return out;
}

/** A content type from the file name where it says one; otherwise none, and the normalizer sniffs. */
export function contentTypeOf(file: string): string | undefined {
  switch (extname(file).toLowerCase()) {
    case '.json':
      return 'application/json';
    case '.xml':
      return 'application/xml';
    case '.rss':
      return 'application/rss+xml';
    case '.atom':
      return 'application/atom+xml';
    default:
      return undefined;
  }
}
