import fc from 'fast-check';
import type { ArticleEvent, CanonicalStory } from '@newswire/contracts';
import { evolve, initialIndex } from './curator-index';
import type { CuratorInput } from './curator.decider';
import { decide } from './curator.decider';
import { input, story, TEXTS } from './story.fixture';

// Inputs drawn from a small world so that guids, versions and texts collide often: every branch
// of the decision is exercised by random orders.
const paragraphs = [...TEXTS.summit, ...TEXTS.floods, ...TEXTS.rates];
const arbStory: fc.Arbitrary<CanonicalStory> = fc
  .record({
    source: fc.constantFrom('afp', 'reuters', 'ap'),
    guid: fc.constantFrom('g1', 'g2', 'g3'),
    version: fc.integer({ min: 1, max: 3 }),
    text: fc.constantFrom(TEXTS.summit, TEXTS.floods, TEXTS.rates),
    drop: fc.integer({ min: 0, max: 3 }),
    extra: fc.option(fc.constantFrom(...paragraphs), { nil: undefined }),
    pubStatus: fc.constantFrom('usable', 'usable', 'usable', 'canceled' as const),
    hour: fc.integer({ min: 0, max: 48 }),
  })
  .map(({ source, guid, version, text, drop, extra, pubStatus, hour }) =>
    story({
      source,
      guid,
      version,
      pubStatus: pubStatus as CanonicalStory['pubStatus'],
      headline: text[0].slice(0, 40),
      body: [...text.filter((_, i) => i !== drop), ...(extra ? [extra] : [])],
      versionCreated: new Date(Date.UTC(2024, 4, 23, hour)).toISOString().replace('.000', ''),
    }),
  );
const arbInputs = fc
  .array(arbStory, { minLength: 1, maxLength: 15 })
  .map((stories) => stories.map((s) => input(s)));

function curate(inputs: CuratorInput[], index = initialIndex()): ArticleEvent[] {
  const log: ArticleEvent[] = [];
  for (const i of inputs) {
    const { events } = decide(i, index);
    events.forEach((e) => evolve(index, e));
    log.push(...events);
  }
  return log;
}

/** The log as a reader may see it: per-article order kept, articles interleaved as `picks` say. */
function interleave(log: ArticleEvent[], picks: number[]): ArticleEvent[] {
  const byArticle = new Map<string, ArticleEvent[]>();
  for (const e of log) byArticle.set(e.articleId, [...(byArticle.get(e.articleId) ?? []), e]);
  const queues = [...byArticle.values()];
  const out: ArticleEvent[] = [];
  for (let i = 0; queues.length > 0; i++) {
    const q = (picks[i % Math.max(1, picks.length)] ?? 0) % queues.length;
    out.push(queues[q].shift()!);
    if (queues[q].length === 0) queues.splice(q, 1);
  }
  return out;
}

/** An event as written before `fingerprints.minhash` existed. */
function withoutMinhash(e: ArticleEvent): ArticleEvent {
  if (e.type !== 'ArticlePublished' && e.type !== 'ArticleRevised') return e;
  const { minhash: _, ...fingerprints } = e.payload.fingerprints;
  return { ...e, payload: { ...e.payload, fingerprints } } as ArticleEvent;
}

describe('curator properties', () => {
  it('decides the same events for the same inputs', () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => expect(curate(inputs)).toEqual(curate(inputs))),
      { numRuns: 15 },
    );
  });

  it('writes nothing when the same inputs are replayed against the index rebuilt from the log', () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => {
        const rebuilt = curate(inputs).reduce(evolve, initialIndex());
        expect(curate(inputs, rebuilt)).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });

  it("numbers each article's events 1..n without gaps, whatever the input order", () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => {
        const seen = new Map<string, number>();
        for (const e of curate(inputs)) {
          expect(e.sequence).toBe((seen.get(e.articleId) ?? 0) + 1);
          expect(e.eventId).toBe(`${e.articleId}:${e.sequence}`);
          seen.set(e.articleId, e.sequence);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('rebuilds from the log read back, with or without carried MinHash, an index that decides alike', () => {
    fc.assert(
      fc.property(arbInputs, arbInputs, (inputs, more) => {
        const log = curate(inputs);
        const readBack = log.map((e) => JSON.parse(JSON.stringify(e)) as ArticleEvent);
        const expected = curate(more, log.reduce(evolve, initialIndex()));
        expect(curate(more, readBack.reduce(evolve, initialIndex()))).toEqual(expected);
        expect(curate(more, readBack.map(withoutMinhash).reduce(evolve, initialIndex()))).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });

  it('rebuilds from the log read back in any interleaving across articles: replays write nothing', () => {
    fc.assert(
      fc.property(arbInputs, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (inputs, picks) => {
        const log = curate(inputs).map((e) => JSON.parse(JSON.stringify(e)) as ArticleEvent);
        const rebuilt = interleave(log, picks).reduce(evolve, initialIndex());
        expect(curate(inputs, rebuilt)).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});
