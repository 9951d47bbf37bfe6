import fc from 'fast-check';
import type { ArticleEvent, ArticleProjection } from '@newswire/contracts';
import { project } from './article.projection';
import { diffParagraphs, diffProjections, type Paragraph } from './projection-diff';
import { attribution, duplicate, published, revised } from './article-events.fixture';

const replay = (events: ArticleEvent[]): ArticleProjection =>
  events.reduce<ArticleProjection | undefined>(project, undefined)!;

describe('diffProjections', () => {
  it('reports a new headline, a replaced paragraph and changed lastRevised between versions 1 and 2', () => {
    const v1 = replay([published('a1')]);
    const v2 = project(
      v1,
      revised('a1', 2, { headline: 'New headline', body: ['TEHRAN - Talks ended.', 'No date was set.'] }),
    );
    expect(diffProjections(v1, v2)).toEqual([
      { field: 'headline', from: 'Iran says talks will continue', to: 'New headline' },
      { field: 'lastRevised', from: v1.lastRevised, to: v2.lastRevised },
      {
        field: 'body',
        from: { index: 0, text: v1.body[0] },
        to: { index: 0, text: 'TEHRAN - Talks ended.' },
      },
      { field: 'sources', from: null, to: v2.sources[1] },
    ]);
  });

  it('reports attributions per outlet and an added duplicate', () => {
    const v1 = replay([published('a1')]);
    const v2 = project(
      v1,
      revised('a1', 2, {}, { attributions: [attribution('irib', 40), attribution('fars', 80)] }),
    );
    const v3 = project(v2, duplicate('a1', 3));
    expect(diffProjections(v1, v2).filter((c) => c.field === 'attributions')).toEqual([
      { field: 'attributions', from: null, to: v2.attributions[1] },
    ]);
    expect(diffProjections(v2, v3).map((c) => c.field)).toEqual(['sources', 'duplicates']);
  });

  it('finds nothing between a projection and itself', () => {
    const p = replay([published('a1')]);
    expect(diffProjections(p, p)).toEqual([]);
  });
});

describe('diffParagraphs', () => {
  it('reports an inserted and a removed paragraph with their indexes', () => {
    expect(diffParagraphs(['a', 'b', 'c'], ['a', 'x', 'b'])).toEqual([
      { field: 'body', from: null, to: { index: 1, text: 'x' } },
      { field: 'body', from: { index: 2, text: 'c' }, to: null },
    ]);
  });

  it('rebuilds the new body from the old one and its changes (any bodies)', () => {
    const body = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 8 });
    fc.assert(
      fc.property(body, body, (from, to) => {
        const changes = diffParagraphs(from, to);
        const removed = new Set(
          changes.map((c) => (c.from as Paragraph | null)?.index).filter((i) => i !== undefined),
        );
        const added = changes.map((c) => c.to as Paragraph | null).filter((p): p is Paragraph => p !== null);
        const kept = from.filter((_, i) => !removed.has(i));
        const rebuilt: string[] = [];
        for (let j = 0, k = 0; j < to.length; j++) {
          const insert = added.find((p) => p.index === j);
          rebuilt.push(insert ? insert.text : kept[k++]);
        }
        expect(rebuilt).toEqual(to);
      }),
    );
  });
});
