import { z } from 'zod';

const at = z.iso.datetime({ offset: true });

/**
 * Value of `ingest.state.v1` (compacted), keyed by `ingestStateKey`: what the ingest app has sent,
 * written in the same transaction as the raw messages it describes, so that a restarted instance
 * folds the topic and neither loses nor repeats an item. A null value (tombstone) forgets the key.
 */
export const IngestStateRecord = z.discriminatedUnion('kind', [
  /** A feed item sent, with the hash of its content: it is sent again only when that changes. */
  z.object({
    schemaVersion: z.literal(1),
    kind: z.literal('item'),
    feed: z.string().min(1),
    id: z.string().min(1),
    hash: z.string().min(1),
    at,
  }),
  /** A dropped file sent (name and content hash): after a crash before its move it is only moved. */
  z.object({
    schemaVersion: z.literal(1),
    kind: z.literal('file'),
    feed: z.string().min(1),
    id: z.string().min(1),
    hash: z.string().min(1),
    at,
  }),
  /** An http-poll feed's validators for its next conditional GET. */
  z.object({
    schemaVersion: z.literal(1),
    kind: z.literal('http'),
    feed: z.string().min(1),
    id: z.literal(''),
    etag: z.string().optional(),
    lastModified: z.string().optional(),
    at,
  }),
  /**
   * Every transaction's last record: the instance's transactional id and the transaction's number,
   * by which an instance learns, after a commit whose answer it lost, whether the commit took effect.
   */
  z.object({
    schemaVersion: z.literal(1),
    kind: z.literal('commit'),
    feed: z.literal(''),
    id: z.string().min(1),
    sequence: z.number().int().min(1),
    at,
  }),
]);
export type IngestStateRecord = z.infer<typeof IngestStateRecord>;
export type IngestStateKind = IngestStateRecord['kind'];

/** The record's compaction key: one per feed and kind and id, so each keeps its latest value. */
export function ingestStateKey(r: { feed: string; kind: IngestStateKind; id: string }): string {
  return JSON.stringify([r.feed, r.kind, r.id]);
}

/** The feed, kind and id a key names (a tombstone carries only its key). */
export function parseIngestStateKey(key: string): { feed: string; kind: IngestStateKind; id: string } {
  const parsed = z
    .tuple([z.string(), z.enum(['item', 'file', 'http', 'commit']), z.string()])
    .parse(JSON.parse(key));
  return { feed: parsed[0], kind: parsed[1], id: parsed[2] };
}
