import { WireFormatError, decodeBytes, normalize, sniffFormat } from '@newswire/wire-formats';
import { contentHash } from './content-hash';
import type { FeedItem, SplitDocument } from './feed-item';
import { ninjsItems } from './ninjs-items';
import { atomItems, newsMessageItems, rssItems } from './xml-items';

export interface SplitOptions {
  /** The content type the document came with (charset, and the format when it is specific). */
  contentType?: string;
  /** Largest document, and largest item, accepted. */
  maxBytes: number;
}

/**
 * A fetched or dropped document as the raw messages to send: an RSS or Atom feed, a ninjs list or
 * a NewsML-G2 newsMessage is split into its items (each with its channel's metadata), anything
 * else newswire reads is one item, the document itself, checked by the normaliser for its guid and
 * headline. Throws a WireFormatError (with its DLQ code) for a document that cannot be sent.
 */
export function splitDocument(bytes: Buffer, options: SplitOptions): SplitDocument {
  if (bytes.length > options.maxBytes)
    throw new WireFormatError(
      'TOO_LARGE',
      `the document is ${bytes.length} bytes, the limit is ${options.maxBytes}`,
    );
  const text = decodeBytes(bytes, options.contentType);
  if (text.trim() === '') throw new WireFormatError('EMPTY_BODY', 'the document is empty');
  const format = sniffFormat(text, options.contentType);
  const split =
    format === 'rss'
      ? rssItems(text)
      : format === 'atom'
        ? atomItems(text)
        : format === 'ninjs'
          ? ninjsItems(text)
          : format === 'newsml-g2'
            ? newsMessageItems(text)
            : [];
  const items = split.length > 0 || format === 'rss' || format === 'atom' ? split : [whole(bytes, options)];
  for (const i of items)
    if (i.bytes.length > options.maxBytes)
      throw new WireFormatError(
        'TOO_LARGE',
        `item ${i.id} is ${i.bytes.length} bytes, the limit is ${options.maxBytes}`,
      );
  return { format, items };
}

/** A single document: sent as it came, named by the guid and headline the normaliser finds. */
function whole(bytes: Buffer, options: SplitOptions): FeedItem {
  const [story] = normalize(bytes, { contentType: options.contentType, maxBytes: options.maxBytes });
  const hash = contentHash(bytes);
  return {
    id: story?.guid || hash,
    headline: story?.headline ?? '',
    bytes,
    contentType: options.contentType ?? '',
    hash,
  };
}
