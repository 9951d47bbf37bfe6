import fc from 'fast-check';
import { attributeStory, DEFAULT_LIMITS, MAX_SENTENCE } from './attribution.extractor';
import { MAX_CLAIM } from './claim-span';

const story = (body: string) => ({ headline: '', language: 'en', body: [body] });

// Shapes that made the output grow with mentions × sentence length: many cues in one sentence,
// long sentences, many outlets coordinated, all written here.
const clause = fc.constantFrom(
  'w1 w2 w3 w4 w5 w6 i, state broadcaster IRIB reported',
  'IRNA said talks would resume',
  'according to Tasnim the port was closed',
  'Fars, Mehr, ISNA and Tasnim news agencies said',
  'the agency added that it was calm',
  'وقالت وكالة فارس إن',
  'به گزارش خبرگزاری تسنیم',
  'sanctions on IRIB were extended',
  'a long run of ordinary words with no source at all in it',
);
const joiner = fc.constantFrom('; ', ', ', ' and ', ' ');
const shape = fc
  .tuple(fc.array(clause, { minLength: 1, maxLength: 40 }), joiner, fc.integer({ min: 1, max: 60 }))
  .map(([clauses, glue, times]) => Array.from({ length: times }, () => clauses.join(glue)).join(glue) + '.');

describe('attributeStory on adversarial shapes', () => {
  // The registry's matcher and the lexicon compile on first use: not part of any story's cost.
  beforeAll(() => attributeStory(story('IRNA said it was calm.')));

  it('keeps output and time proportional to the input', () => {
    fc.assert(
      fc.property(shape, (body) => {
        const started = process.hrtime.bigint();
        const { attributions, truncated } = attributeStory(story(body));
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const output = JSON.stringify(attributions).length;
        expect(attributions.length).toBeLessThanOrEqual(DEFAULT_LIMITS.perStory);
        for (const a of attributions) {
          expect(a.claim.length).toBeLessThanOrEqual(MAX_CLAIM);
          expect(a.sentence.length).toBeLessThanOrEqual(Math.min(MAX_SENTENCE, body.length));
        }
        // Each attribution holds at most its sentence, its claim and a bounded remainder.
        expect(output).toBeLessThanOrEqual(
          attributions.length * (2 * Math.min(body.length, MAX_SENTENCE) + 600) + 2,
        );
        expect(truncated).toBeGreaterThanOrEqual(0);
        // Generous (a shared CI core), but quadratic work on these sizes would take seconds.
        expect(ms).toBeLessThan(200 + body.length / 50);
      }),
      { numRuns: 40 },
    );
  });

  it('reads the 1 MB worst case fast, into output smaller than its input, and counts what it cut', () => {
    const unit = 'w1 w2 w3 w4 w5 w6 i, state broadcaster IRIB reported';
    const body = Array.from({ length: Math.ceil(1e6 / (unit.length + 2)) }, () => unit).join('; ');
    const started = Date.now();
    const { attributions, truncated } = attributeStory(story(body));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(JSON.stringify(attributions).length).toBeLessThan(body.length);
    expect(attributions).toHaveLength(DEFAULT_LIMITS.perSentence);
    expect(attributions.every((a) => a.outlet.id === 'irib' && a.claim === 'w1 w2 w3 w4 w5 w6 i')).toBe(true);
    expect(truncated).toBeGreaterThan(10_000);
  });

  it('caps a story of many sentences at perStory and counts the rest', () => {
    const body = Array.from({ length: 400 }, (_, i) => `IRNA said talks number ${i} would resume.`).join(' ');
    const { attributions, truncated } = attributeStory(story(body), undefined, {
      ...DEFAULT_LIMITS,
      perStory: 50,
    });
    expect(attributions).toHaveLength(50);
    expect(truncated).toBe(350);
  });

  it('refuses a story past its time budget as TOO_COSTLY, naming how far it read', () => {
    const unit = 'IRNA said talks would resume; w1 w2 w3 w4 w5 w6 i, state broadcaster IRIB reported.';
    const body = Array.from({ length: 20_000 }, () => unit).join(' ');
    expect(() => attributeStory(story(body), undefined, { ...DEFAULT_LIMITS, budgetMs: 1 })).toThrow(
      expect.objectContaining({
        code: 'TOO_COSTLY',
        message: expect.stringMatching(/over 1 ms \(\d+ of 20000 sentences read\)/) as string,
      }) as Error,
    );
  });
});
