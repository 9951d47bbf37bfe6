import fc from 'fast-check';
import { ArticleProjection, type ArticleEvent } from '@newswire/contracts';
import { project } from './article.projection';
import { canonicalJson } from './canonical-json';
import {
  attribution,
  duplicate,
  history,
  published,
  related,
  revised,
  withdrawn,
} from './article-events.fixture';

const replay = (events: ArticleEvent[]): ArticleProjection =>
  events.reduce<ArticleProjection | undefined>(project, undefined)!;

describe('project', () => {
  it('makes version 1 from ArticlePublished with the story content and the original source', () => {
    const p = replay([published('a1', { subheadline: 'A standfirst', dateline: { place: 'TEHRAN' } })]);
    expect(p).toMatchObject({
      articleId: 'a1',
      version: 1,
      status: 'published',
      headline: 'Iran says talks will continue',
      standfirst: 'A standfirst',
      dateline: { place: 'TEHRAN' },
      language: 'en',
      firstPublished: '2026-01-01T12:01:00.000Z',
      lastRevised: '2026-01-01T12:01:00.000Z',
      lastSequence: 1,
      registryVersion: 'r1',
      sources: [
        {
          source: 'wire-a',
          guid: 'guid-1',
          version: 1,
          role: 'original',
          receivedAt: '2026-01-01T12:01:00.000Z',
        },
      ],
      revisions: [{ n: 1, kind: 'published', changed: [], applied: true }],
    });
    expect(ArticleProjection.parse(p)).toEqual(p);
  });

  it('groups attributions by outlet in the order the body first cites them', () => {
    const p = replay([
      published('a1', {}, [
        attribution('fars', 90, 'b'),
        attribution('irib', 10, 'a'),
        attribution('fars', 5, 'c'),
      ]),
    ]);
    expect(p.attributions.map((g) => [g.outlet.id, g.claims.map((c) => c.claim)])).toEqual([
      ['fars', ['c', 'b']],
      ['irib', ['a']],
    ]);
  });

  it('applies a revision as version 2 with what changed, keeping firstPublished', () => {
    const p = replay([
      published('a1'),
      revised('a1', 2, { headline: 'Talks to resume Monday' }, { kind: 'correction' }),
    ]);
    expect(p).toMatchObject({
      version: 2,
      headline: 'Talks to resume Monday',
      firstPublished: '2026-01-01T12:01:00.000Z',
      lastRevised: '2026-01-01T12:02:00.000Z',
    });
    expect(p.revisions[1]).toEqual({
      n: 2,
      at: '2026-01-01T12:02:00.000Z',
      kind: 'correction',
      changed: ['headline'],
      applied: true,
    });
    expect(p.sources.map((s) => s.role)).toEqual(['original', 'revision']);
  });

  it('names the story subheadline standfirst in the changed fields', () => {
    const p = replay([published('a1'), revised('a1', 2, { subheadline: 'New' })]);
    expect(p.revisions[1].changed).toEqual(['standfirst']);
  });

  it('records a late revision (applied: false) as a version of provenance without touching the content', () => {
    const before = replay([published('a1'), revised('a1', 2, { headline: 'Newest' })]);
    const after = project(
      before,
      revised('a1', 3, { headline: 'Older text', version: 1 }, { applied: false, kind: 'late' }),
    );
    expect(after).toMatchObject({
      version: 3,
      headline: 'Newest',
      body: before.body,
      lastRevised: before.lastRevised,
    });
    expect(after.revisions[2]).toMatchObject({ n: 3, kind: 'late', changed: ['sources'], applied: false });
    expect(after.sources).toHaveLength(3);
  });

  it('withdraws on ArticleWithdrawn and republishes on a later applied revision', () => {
    const killed = replay([published('a1'), withdrawn('a1', 2)]);
    expect(killed).toMatchObject({ status: 'withdrawn', version: 2 });
    expect(killed.revisions[1]).toMatchObject({ kind: 'withdrawn', changed: ['status'] });
    expect(project(killed, revised('a1', 3, { body: ['Corrected.'] })).status).toBe('published');
  });

  it('keeps a copy under duplicates and sources without changing the content', () => {
    const p = replay([published('a1'), duplicate('a1', 2, 'wire-b')]);
    expect(p.duplicates).toEqual([expect.objectContaining({ source: 'wire-b', by: 'exact' })]);
    expect(p.sources[1]).toMatchObject({ source: 'wire-b', role: 'duplicate' });
    expect(p.headline).toBe('Iran says talks will continue');
    expect(p.version).toBe(2);
  });

  it("shows what matched a copy or a related article, and leaves the curator's fingerprints out", () => {
    const explanation = { measure: 'containment' as const, value: 0.8, sharedPassages: 9, sharedNames: 4 };
    const copy = duplicate('a1', 2, 'wire-b');
    const near = {
      ...copy,
      payload: { ...copy.payload, by: 'near', explanation, fingerprints: { sha256: 'ab', simhash: 'cd' } },
    } as ArticleEvent;
    const link = related('a1', 3, 'b1');
    const linked = { ...link, payload: { ...link.payload, explanation } } as ArticleEvent;
    const p = replay([published('a1'), near, linked]);
    expect(p.duplicates).toEqual([expect.objectContaining({ source: 'wire-b', explanation })]);
    expect(p.duplicates[0]).not.toHaveProperty('fingerprints');
    expect(p.related).toEqual([
      { articleId: 'b1', similarity: 0.6, headline: 'Talks in Tehran', explanation },
    ]);
    expect(ArticleProjection.parse(p)).toEqual(p);
  });

  it('links related articles once: the same link again changes no version', () => {
    const p = replay([published('a1'), related('a1', 2, 'b1'), { ...related('a1', 3, 'b1') }]);
    expect(p.related).toEqual([{ articleId: 'b1', similarity: 0.6, headline: 'Talks in Tehran' }]);
    expect(p).toMatchObject({ version: 2, lastSequence: 3 });
  });

  it('does not version a copy already recorded', () => {
    const copy = duplicate('a1', 2, 'wire-b');
    const p = replay([published('a1'), copy, { ...copy, sequence: 3 }]);
    expect(p).toMatchObject({ version: 2, lastSequence: 3, duplicates: [expect.anything()] });
  });

  it('ignores events at or below lastSequence', () => {
    const p = replay([published('a1'), revised('a1', 2, { headline: 'Second' })]);
    expect(project(p, revised('a1', 2, { headline: 'Other' }))).toBe(p);
    expect(project(p, published('a1', { headline: 'Again' }))).toBe(p);
  });
});

describe('project (properties)', () => {
  const events = fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 2 }))
    .map(([n, id]) => history(`art-${id}`, n));
  const shuffledWithRepeats = fc.array(events, { minLength: 1, maxLength: 3 }).chain((histories) => {
    const all = histories.flat();
    return fc
      .shuffledSubarray(all, { minLength: all.length, maxLength: all.length })
      .map((order) => ({ all, order }));
  });

  it('folds the same events twice, or delivered twice, to byte-identical projections', () => {
    fc.assert(
      fc.property(events, fc.array(fc.option(fc.nat()), { maxLength: 12 }), (evs, redeliver) => {
        const once = replay(evs);
        // After the i-th event, redeliver (maybe) one already delivered, as Kafka does after a crash.
        const withRedeliveries = evs.flatMap((e, i) => {
          const r = redeliver[i];
          return r === undefined || r === null ? [e] : [e, evs[r % (i + 1)]];
        });
        expect(canonicalJson(replay(withRedeliveries))).toBe(canonicalJson(once));
        expect(canonicalJson(replay(evs))).toBe(canonicalJson(once));
        expect(canonicalJson(replay([...evs, ...evs]))).toBe(canonicalJson(once));
      }),
    );
  });

  it('never lowers the version, raises it by at most one per event, and numbers revisions 1..version', () => {
    fc.assert(
      fc.property(shuffledWithRepeats, ({ order }) => {
        const byArticle = new Map<string, ArticleProjection>();
        for (const e of order) {
          const before = byArticle.get(e.articleId);
          const after = project(before, e);
          const v0 = before?.version ?? 0;
          expect(after.version - v0).toBeGreaterThanOrEqual(0);
          expect(after.version - v0).toBeLessThanOrEqual(1);
          expect(after.revisions.map((r) => r.n)).toEqual(
            Array.from({ length: after.version }, (_, i) => i + 1),
          );
          byArticle.set(e.articleId, after);
        }
      }),
    );
  });
});
