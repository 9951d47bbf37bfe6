import { readFileSync } from 'node:fs';
import type { AppConfig } from '@newswire/config';
import { parseFeedsFile, type FeedSpec } from '@newswire/ingest';

export const FEEDS = Symbol('newswire.ingest.feeds');

/** A feed with its size limit settled (the feed's own, else MAX_INPUT_BYTES). */
export type Feed = FeedSpec & { maxBytes: number };

/** The feeds of INGEST_FEEDS_FILE (none when unset); a bad file throws naming the feed and the field. */
export function loadFeeds(config: AppConfig): Feed[] {
  const path = config.ingest.feedsFile;
  if (!path) return [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `INGEST_FEEDS_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  return parseFeedsFile(text, path).map((f) => ({ ...f, maxBytes: f.maxBytes ?? config.maxInputBytes }));
}
