import { JSON_SCHEMA, load } from 'js-yaml';
import { FeedsFile, type FeedSpec } from './feeds-file.schema';

export class FeedsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedsFileError';
  }
}

/**
 * The feeds of a feeds file (YAML, or JSON, which YAML reads too), validated: a bad one throws a
 * FeedsFileError naming the feed (by id, else its index) and the field.
 */
export function parseFeedsFile(text: string, source = 'feeds file'): FeedSpec[] {
  let doc: unknown;
  try {
    // JSON_SCHEMA: no YAML-specific types (dates, custom tags); plain data only.
    doc = load(text, { filename: source, schema: JSON_SCHEMA });
  } catch (error) {
    throw new FeedsFileError(`${source}: ${(error as Error).message}`);
  }
  const parsed = FeedsFile.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [top, index, ...field] = issue.path;
    if (top === 'feeds' && typeof index === 'number') {
      const raw = (doc as { feeds: { id?: unknown }[] }).feeds[index];
      const id = typeof raw?.id === 'string' ? `'${raw.id}'` : `#${index + 1}`;
      throw new FeedsFileError(`${source}: feed ${id}: ${field.join('.') || 'feed'}: ${issue.message}`);
    }
    throw new FeedsFileError(`${source}: ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const feed of parsed.data.feeds) {
    if (seen.has(feed.id)) throw new FeedsFileError(`${source}: feed '${feed.id}': id: used by two feeds`);
    seen.add(feed.id);
  }
  return parsed.data.feeds;
}
