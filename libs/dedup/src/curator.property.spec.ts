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
});
