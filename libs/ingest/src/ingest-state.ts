import {
  IngestStateRecord,
  ingestStateKey,
  parseIngestStateKey,
  type IngestStateKind,
} from '@newswire/contracts';
import type { FeedItem } from './feed-item';

/** A state record as it goes to ingest.state.v1: its compaction key, and null to forget it. */
export interface StateWrite {
  key: string;
  value: IngestStateRecord | null;
}

export interface Seen {
  hash: string;
  at: string;
}

export interface FeedState {
  items: Map<string, Seen>;
  files: Map<string, Seen>;
  http?: { etag?: string; lastModified?: string };
}

/** An item or file not seen in its feed for this long, and sent this long ago, is forgotten. */
export const FORGET_AFTER_MS = 30 * 24 * 3600 * 1000;

/**
 * What the ingest app has sent, per feed: the fold of ingest.state.v1. The same fold takes a
 * restarted instance's whole read of the topic and each transaction's own writes once it commits.
 */
export class IngestState {
  private readonly feeds = new Map<string, FeedState>();
  /** The last committed transaction's number, per transactional id. */
  readonly commits = new Map<string, number>();

  feed(id: string): FeedState {
    let f = this.feeds.get(id);
    if (!f) this.feeds.set(id, (f = { items: new Map(), files: new Map() }));
    return f;
  }

  feedIds(): string[] {
    return [...this.feeds.keys()];
  }

  /** One record read from the topic (or committed by this instance). */
  apply(write: StateWrite): void {
    const { feed, kind, id } = write.value ?? parseIngestStateKey(write.key);
    const v = write.value;
    if (kind === 'commit') {
      if (v?.kind === 'commit') this.commits.set(id, v.sequence);
      else this.commits.delete(id);
      return;
    }
    const f = this.feed(feed);
    if (kind === 'http')
      f.http = v?.kind === 'http' ? { etag: v.etag, lastModified: v.lastModified } : undefined;
    else {
      const seen = kind === 'item' ? f.items : f.files;
      if (v && (v.kind === 'item' || v.kind === 'file')) seen.set(id, { hash: v.hash, at: v.at });
      else seen.delete(id);
    }
  }

  /** Parses and applies a record as read from the topic (a tombstone has a null value). */
  applyRaw(key: string, value: Buffer | null): void {
    this.apply({ key, value: value ? IngestStateRecord.parse(JSON.parse(value.toString('utf8'))) : null });
  }

  /** The document's items that are new or changed since they were last sent (each id once). */
  changed(feed: string, items: FeedItem[]): FeedItem[] {
    const known = this.feed(feed).items;
    const ids = new Set<string>();
    return items.filter((i) => {
      if (ids.has(i.id)) return false;
      ids.add(i.id);
      return known.get(i.id)?.hash !== i.hash;
    });
  }

  /** Tombstones for the items (or files) long sent and no longer in the feed's document. */
  forgotten(feed: string, kind: 'item' | 'file', present: Set<string>, now: Date): StateWrite[] {
    const seen = kind === 'item' ? this.feed(feed).items : this.feed(feed).files;
    const before = now.getTime() - FORGET_AFTER_MS;
    return [...seen]
      .filter(([id, s]) => !present.has(id) && Date.parse(s.at) < before)
      .map(([id]) => ({ key: ingestStateKey({ feed, kind, id }), value: null }));
  }
}

export function seenWrite(
  feed: string,
  kind: 'item' | 'file',
  id: string,
  hash: string,
  at: Date,
): StateWrite {
  const value: IngestStateRecord = { schemaVersion: 1, kind, feed, id, hash, at: at.toISOString() };
  return { key: ingestStateKey(value), value };
}

export function httpWrite(
  feed: string,
  validators: { etag?: string; lastModified?: string },
  at: Date,
): StateWrite {
  const value: IngestStateRecord = {
    schemaVersion: 1,
    kind: 'http',
    feed,
    id: '',
    ...(validators.etag ? { etag: validators.etag } : {}),
    ...(validators.lastModified ? { lastModified: validators.lastModified } : {}),
    at: at.toISOString(),
  };
  return { key: ingestStateKey(value), value };
}

export function commitWrite(transactionalId: string, sequence: number, at: Date): StateWrite {
  const value: IngestStateRecord = {
    schemaVersion: 1,
    kind: 'commit',
    feed: '',
    id: transactionalId,
    sequence,
    at: at.toISOString(),
  };
  return { key: ingestStateKey(value), value };
}

export type { IngestStateKind };
