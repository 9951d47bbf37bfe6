import { addVersion, type VersionChunk } from '@newswire/storage';
import { history, published } from '../../projection/src/article-events.fixture';
import { foldEvents } from './fold-events';
import { HeldArticles } from './held-articles';

describe('HeldArticles', () => {
  const at = (offset: number, partition = 0) => ({ partition, offset: BigInt(offset), bytes: 100 });

  it('holds each article folded to its last event, with every new version in one chunk', () => {
    const a = history('art_a', 5);
    const b = history('art_b', 3);
    const events = [...a, ...b];
    const held = new HeldArticles();
    events.forEach((e, i) => held.fold(e, undefined, at(i)));
    const { articles, chunks, states } = held.take(0);
    const folded = foldEvents(new Map(), events);
    expect(articles).toEqual(folded.articles);
    const expected = new Map<string, VersionChunk>();
    for (const { before, after } of folded.versions)
      expected.set(after.articleId, addVersion(expected.get(after.articleId), before, after));
    expect(chunks).toEqual([...expected.values()]);
    expect([...states.keys()]).toEqual(['art_a', 'art_b']);
    expect(held.bytes).toBe(0);
  });

  it('gives what changed longest ago first, and where each partition is complete up to', () => {
    const held = new HeldArticles();
    held.fold(published('art_a'), undefined, at(10, 0));
    held.fold(published('art_b'), undefined, at(11, 0));
    held.fold(published('art_c'), undefined, at(5, 1));
    held.fold(history('art_a', 2)[1], undefined, at(12, 0)); // art_a changed last now
    expect(held.fold(published('art_b'), undefined, at(13, 0))).toBe(false); // applied already
    expect(held.bytes).toBe(400);
    const taken = held.take(200);
    expect(taken.articles.map((c) => c.after.articleId)).toEqual(['art_b', 'art_c']);
    expect(held.heldFrom()).toEqual(new Map([[0, 10n]]));
    expect(held.has('art_a') && !held.has('art_b')).toBe(true);
  });

  it('folds an article it does not hold over its stored state', () => {
    const [first, second] = history('art_a', 2);
    const stored = foldEvents(new Map(), [first]).articles[0].after;
    const held = new HeldArticles();
    held.fold(second, stored, at(1));
    const { articles, chunks } = held.take(0);
    expect(articles).toEqual(foldEvents(new Map([['art_a', stored]]), [second]).articles);
    expect(chunks[0]).toMatchObject({ firstVersion: 2, lastVersion: 2 });
    expect(chunks[0].entries[0].delta).toBeDefined();
  });
});
