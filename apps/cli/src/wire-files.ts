import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

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
