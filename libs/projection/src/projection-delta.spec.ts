import fc from 'fast-check';
import type { ArticleEvent, ArticleProjection, EventOf } from '@newswire/contracts';
import { project } from './article.projection';
import { canonicalJson } from './canonical-json';
import { attribution, duplicate, published, related, revised, withdrawn } from './article-events.fixture';
import { applyProjectionDelta, projectionDelta, type ProjectionDelta } from './projection-delta';

/** What storage does to a value: JSON text in, JSON text out. */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const BODIES = [['One.', 'Two.', 'Three.'], ['One.', 'Two.'], ['One.', 'Two.', 'Four.', 'Five.'], ['Zero.']];

/** Events of one article, in sequence order, of every kind the fold knows (repeats included). */
const article = fc
  .array(
    fc.oneof(
      fc.record({
        kind: fc.constant('revised'),
        standfirst: fc.boolean(),
        applied: fc.boolean(),
        n: fc.nat(3),
      }),
      fc.record({ kind: fc.constant('duplicate'), n: fc.nat(2) }),
      fc.record({ kind: fc.constant('related'), n: fc.nat(2) }),
      fc.record({ kind: fc.constant('withdrawn'), n: fc.nat(2) }),
    ),
    { maxLength: 20 },
  )
  .map((steps) => [
    published('a1', { subheadline: 'First standfirst' }),
    ...steps.map((s, i): ArticleEvent => {
      const seq = i + 2;
      switch (s.kind) {
        case 'revised':
          return revised(
            'a1',
            seq,
            {
              headline: `Headline ${s.n}`,
              subheadline: s.standfirst ? `Standfirst ${s.n}` : undefined,
              // bodies that share first paragraphs, grow, shrink and change
              body: BODIES[s.n],
            },
            { applied: s.applied, attributions: [attribution(s.n % 2 ? 'fars' : 'irib', 10 + s.n)] },
          );
        case 'duplicate':
          return duplicate('a1', seq, `wire-${s.n}`);
        case 'related': {
          // A re-link with another similarity replaces the entry: a list that is set, not appended to.
          const link = related('a1', seq, `rel-${s.n % 2}`) as EventOf<'RelatedArticleLinked'>;
          return { ...link, payload: { ...link.payload, similarity: 0.5 + s.n / 10 } };
        }
        default:
          return withdrawn('a1', seq, s.n);
      }
    }),
  ]);

describe('projectionDelta', () => {
  it('rebuilds every version from the first one and the deltas, through JSON', () => {
    fc.assert(
      fc.property(article, (events) => {
        let state: ArticleProjection | undefined;
        const versions: ArticleProjection[] = [];
        const deltas: ProjectionDelta[] = [];
        for (const e of events) {
          const after = project(state, e);
          if (state && after.version !== state.version) deltas.push(stored(projectionDelta(state, after)));
          if (after.version !== (state?.version ?? 0)) versions.push(after);
          state = after;
        }
        let rebuilt = stored(versions[0]);
        versions.slice(1).forEach((expected, i) => {
          rebuilt = applyProjectionDelta(rebuilt, deltas[i]);
          expect(canonicalJson(rebuilt)).toBe(canonicalJson(expected));
        });
      }),
    );
  });

  it('stores a copy as the entries it appends, not the whole projection', () => {
    const first = project(undefined, published('a1'));
    const second = project(first, duplicate('a1', 2, 'wire-b'));
    const delta = projectionDelta(first, second);
    expect(Object.keys(delta.append ?? {}).sort()).toEqual(['duplicates', 'revisions', 'sources']);
    expect(delta.set).toEqual({ version: 2, lastSequence: 2 });
    expect(JSON.stringify(delta).length).toBeLessThan(JSON.stringify(second).length / 2);
  });

  it('stores a revision of the last paragraph as that paragraph, keeping the ones before', () => {
    const first = project(undefined, published('a1', { body: ['One.', 'Two.', 'Three.'] }));
    const second = project(first, revised('a1', 2, { body: ['One.', 'Two.', 'Three, corrected.'] }));
    const delta = stored(projectionDelta(first, second));
    expect(delta.keep).toEqual({ body: 2 });
    expect(delta.append?.body).toEqual(['Three, corrected.']);
    expect(applyProjectionDelta(stored(first), delta).body).toEqual(second.body);
  });

  it('unsets an optional field the new version dropped', () => {
    const first = project(undefined, published('a1', { subheadline: 'Standfirst' }));
    const second = project(first, revised('a1', 2, { subheadline: undefined }));
    const delta = stored(projectionDelta(first, second));
    expect(delta.unset).toEqual(['standfirst']);
    expect(applyProjectionDelta(stored(first), delta)).not.toHaveProperty('standfirst');
  });
});
