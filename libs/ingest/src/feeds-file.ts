import { parseNamedListFile } from '@newswire/contracts';
import { FeedsFile, type FeedSpec } from './feeds-file.schema';

/**
 * The feeds of a feeds file (YAML, or JSON, which YAML reads too), validated: a bad one throws a
 * NamedListFileError naming the feed (by id, else its index) and the field.
 */
export function parseFeedsFile(text: string, source = 'feeds file'): FeedSpec[] {
  return parseNamedListFile(text, { schema: FeedsFile, source, list: 'feeds', noun: 'feed', id: 'id' }).feeds;
}
