import { describe, expect, it } from '@jest/globals';
import type { Subscription } from '@newswire/contracts';
import { projectionAt } from './projection.fixture';
import { routeArticle } from './route-article';
import { RouterState } from './router-state';

const sub = (name: string, filter: Subscription['filter']): Subscription => ({
  name,
  filter,
  format: 'ninjs-3.1',
  delivery: { kind: 'kafka' },
});

describe('routeArticle', () => {
  const subs = [sub('english', { languages: ['en'] }), sub('persian', { languages: ['fa'] }), sub('all', {})];

  it('delivers to the subscribers whose filters match, and withdraws from one it stopped matching', () => {
    const first = routeArticle(subs, {}, projectionAt(1));
    expect(first.deliveries.map((d) => [d.subscription.name, d.signal])).toEqual([
      ['english', 'published'],
      ['all', 'published'],
    ]);
    expect(first.state).toEqual({ english: { version: 1, live: true }, all: { version: 1, live: true } });

    const retagged = routeArticle(
      subs,
      first.state,
      projectionAt(2, { language: 'fa' }, ['published', 'correction']),
    );
    expect(retagged.deliveries.map((d) => [d.subscription.name, d.signal])).toEqual([
      ['english', 'unmatched'],
      ['persian', 'correction'],
      ['all', 'correction'],
    ]);
    expect(JSON.parse(retagged.deliveries[0].body).pubStatus).toBe('canceled');
    expect(retagged.state.english).toEqual({ version: 2, live: false });
  });

  it('keeps the state as router.state.v1 records, the latest per article', () => {
    const state = new RouterState();
    const record = state.set('art_1', { english: { version: 1, live: true } });
    const rebuilt = new RouterState();
    rebuilt.apply(record);
    rebuilt.apply(
      JSON.stringify({ articleId: 'art_1', subscribers: { english: { version: 2, live: false } } }),
    );
    expect(rebuilt.of('art_1')).toEqual({ english: { version: 2, live: false } });
    expect(rebuilt.of('art_2')).toEqual({});
    expect(() => rebuilt.apply('{"articleId":1}')).toThrow();
  });
});
