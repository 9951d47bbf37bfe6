import type { ArticleProjection } from '@newswire/contracts';
import { project } from '@newswire/projection';
import { duplicate, history, published, revised } from '../../projection/src/article-events.fixture';
import { foldEvents } from './fold-events';

describe('foldEvents', () => {
  it('folds each article in order and lists every new version with the state before it', () => {
    const a = history('art_a', 5);
    const b = history('art_b', 3);
    const events = a
      .map((e, i) => [e, b[i]])
      .flat()
      .filter((e) => e !== undefined);
    const { articles, versions, changed } = foldEvents(new Map(), events);
    const whole = (log: typeof a) =>
      log.reduce<ArticleProjection | undefined>((p, e) => project(p, e), undefined)!;
    expect(new Map(articles.map((c) => [c.after.articleId, c.after]))).toEqual(
      new Map([
        ['art_a', whole(a)],
        ['art_b', whole(b)],
      ]),
    );
    expect(articles.every((c) => c.before === undefined)).toBe(true);
    for (const { before, after } of versions) expect(after.version).toBe((before?.version ?? 0) + 1);
    expect(versions.filter((v) => v.after.articleId === 'art_a')).toHaveLength(whole(a).version);
    expect(changed.map((p) => p.articleId).sort()).toEqual(['art_a', 'art_b']);
  });

  it('changes nothing for events already applied, and folds a later one over the stored state', () => {
    const first = foldEvents(new Map(), [
      published('art_c'),
      revised('art_c', 2, { headline: 'Talks resume' }),
    ]);
    const stored = new Map(first.articles.map((c) => [c.after.articleId, c.after]));
    expect(
      foldEvents(stored, [published('art_c'), revised('art_c', 2, { headline: 'Talks resume' })]),
    ).toEqual({
      articles: [],
      versions: [],
      changed: [],
    });
    const copy = foldEvents(stored, [duplicate('art_c', 3)]);
    expect(copy.articles).toHaveLength(1);
    expect(copy.articles[0].before).toBe(stored.get('art_c'));
    expect(copy.articles[0].after).toEqual(project(stored.get('art_c'), duplicate('art_c', 3)));
  });
});
