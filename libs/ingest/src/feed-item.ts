import type { WireFormat } from '@newswire/contracts';

/** One item of a feed document, as it goes to wire.raw.v1: a standalone document of its own. */
export interface FeedItem {
  /** The item's key within its feed: guid, id, uri, or its content hash when it has none. */
  id: string;
  headline: string;
  /** The item alone, with the channel's metadata where the format has a channel. */
  bytes: Buffer;
  contentType: string;
  /** Hash of the item's own content (not the channel's): it is sent again only when this changes. */
  hash: string;
}

export interface SplitDocument {
  format: WireFormat;
  items: FeedItem[];
}
