import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  commitWrite,
  httpWrite,
  IngestState,
  seenWrite,
  FORGET_AFTER_MS,
  type StateWrite,
} from './ingest-state';
import type { FeedItem } from './feed-item';

const item = (id: string, hash: string): FeedItem => ({
  id,
  hash,
  headline: '',
  bytes: Buffer.from(hash),
  contentType: '',
});
const roundTrip = (w: StateWrite) => ({
  key: w.key,
  value: w.value ? Buffer.from(JSON.stringify(w.value)) : null,
});

describe('IngestState', () => {
  it('sends an item again only when its hash changed, and each id of a document once', () => {
    const s = new IngestState();
    const at = new Date();
    s.apply(seenWrite('f', 'item', 'a', 'h1', at));
    expect(s.changed('f', [item('a', 'h1'), item('b', 'h2'), item('b', 'h3')]).map((i) => i.id)).toEqual([
      'b',
    ]);
    expect(s.changed('f', [item('a', 'h9')]).map((i) => i.hash)).toEqual(['h9']);
    expect(s.changed('g', [item('a', 'h1')])).toHaveLength(1);
  });

  it('folds what it reads back from the topic (tombstones included) to the state it wrote', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.constantFrom('a', 'b', 'c'),
            hash: fc.constantFrom('h1', 'h2'),
            forget: fc.boolean(),
          }),
        ),
        (ops) => {
          const written = new IngestState();
          const read = new IngestState();
          for (const op of ops) {
            const w = seenWrite('f', 'item', op.id, op.hash, new Date(0));
            const write = op.forget ? { key: w.key, value: null } : w;
            written.apply(write);
            const r = roundTrip(write);
            read.applyRaw(r.key, r.value);
          }
          expect([...read.feed('f').items]).toEqual([...written.feed('f').items]);
        },
      ),
    );
  });

  it('keeps validators and commit numbers', () => {
    const s = new IngestState();
    s.apply(httpWrite('f', { etag: '"x"' }, new Date()));
    s.apply(commitWrite('newswire.ingest', 7, new Date()));
    expect(s.feed('f').http).toEqual({ etag: '"x"', lastModified: undefined });
    expect(s.commits.get('newswire.ingest')).toBe(7);
  });

  it('forgets items long sent and gone from the feed', () => {
    const s = new IngestState();
    const now = new Date();
    s.apply(seenWrite('f', 'item', 'old', 'h', new Date(now.getTime() - FORGET_AFTER_MS - 1)));
    s.apply(seenWrite('f', 'item', 'kept', 'h', new Date(now.getTime() - FORGET_AFTER_MS - 1)));
    s.apply(seenWrite('f', 'item', 'recent', 'h', now));
    const gone = s.forgotten('f', 'item', new Set(['kept']), now);
    expect(gone.map((w) => JSON.parse(w.key))).toEqual([['f', 'item', 'old']]);
  });
});
