import { describe, expect, it } from '@jest/globals';
import type { ArticleProjection, SubscriptionFilter } from '@newswire/contracts';
import fc from 'fast-check';
import { IRIB, REUTERS, projectionAt } from './projection.fixture';
import { matchesFilter } from './subscription-filter';

const cited = (...outlets: (typeof IRIB)[]): Partial<ArticleProjection> => ({
  attributions: outlets.map((outlet) => ({ outlet, claims: [] })),
});

describe('matchesFilter', () => {
  const p = projectionAt(1, {
    language: 'en-GB',
    urgency: 3,
    subjects: [{ name: 'Politics', code: 'medtop:11000000' }],
    keywords: ['Iran', 'Gaza'],
    ...cited(REUTERS, IRIB),
  });

  it('takes everything with an empty filter', () => {
    expect(matchesFilter({}, p)).toBe(true);
    expect(matchesFilter({}, projectionAt(1, { status: 'withdrawn', attributions: [] }))).toBe(true);
  });

  it('checks each criterion', () => {
    const cases: [SubscriptionFilter, boolean][] = [
      [{ languages: ['en'] }, true],
      [{ languages: ['EN-gb'] }, true],
      [{ languages: ['en-US', 'fa'] }, false],
      [{ statuses: ['withdrawn'] }, false],
      [{ maxUrgency: 3 }, true],
      [{ maxUrgency: 2 }, false],
      [{ subjects: ['politics'] }, true],
      [{ subjects: ['MEDTOP:11000000'] }, true],
      [{ subjects: ['sport'] }, false],
      [{ keywords: ['gaza'] }, true],
      [{ keywords: ['syria'] }, false],
      [{ outlets: ['irib'] }, true],
      [{ outlets: ['fars'] }, false],
      [{ outletControllers: ['government of iran'] }, true],
      [{ firstPublished: { since: '2026-03-01T10:00:00Z', until: '2026-03-01T10:00:00Z' } }, true],
      [{ firstPublished: { since: '2026-03-01T10:00:01Z' } }, false],
      [{ firstPublished: { until: '2026-03-01T11:00:00+02:00' } }, false],
    ];
    for (const [filter, expected] of cases)
      expect({ filter, ok: matchesFilter(filter, p) }).toEqual({ filter, ok: expected });
  });

  it('wants one cited outlet to hold every outlet criterion', () => {
    expect(matchesFilter({ outletCountries: ['IR'], outletKinds: ['state-broadcaster'] }, p)).toBe(true);
    // Reuters is a news agency and IRIB is Iranian, but no one outlet is an Iranian news agency.
    expect(matchesFilter({ outletCountries: ['IR'], outletKinds: ['news-agency'] }, p)).toBe(false);
  });

  it('never takes an article without urgency, subjects or keywords on those criteria', () => {
    const bare = projectionAt(1);
    expect(matchesFilter({ maxUrgency: 9 }, bare)).toBe(false);
    expect(matchesFilter({ subjects: ['politics'] }, bare)).toBe(false);
    expect(matchesFilter({ keywords: ['iran'] }, bare)).toBe(false);
  });

  const filters: fc.Arbitrary<SubscriptionFilter> = fc.record(
    {
      outlets: fc.array(fc.constantFrom('irib', 'reuters', 'fars'), { minLength: 1 }),
      outletKinds: fc.array(fc.constantFrom('state-broadcaster', 'news-agency', 'website' as const), {
        minLength: 1,
      }),
      outletCountries: fc.array(fc.constantFrom('IR', 'GB', 'US'), { minLength: 1 }),
      languages: fc.array(fc.constantFrom('en', 'en-GB', 'fa', 'ar'), { minLength: 1 }),
      statuses: fc.array(fc.constantFrom('published', 'withdrawn' as const), { minLength: 1 }),
      maxUrgency: fc.integer({ min: 1, max: 9 }),
      keywords: fc.array(fc.constantFrom('iran', 'gaza', 'syria'), { minLength: 1 }),
    },
    { requiredKeys: [] },
  );
  const projections = fc
    .record({
      language: fc.constantFrom('en', 'en-GB', 'fa', 'ar-SY'),
      status: fc.constantFrom('published', 'withdrawn' as const),
      urgency: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
      keywords: fc.array(fc.constantFrom('Iran', 'Gaza', 'Syria')),
      outlets: fc.subarray([IRIB, REUTERS]),
    })
    .map(({ outlets, ...rest }) => projectionAt(1, { ...rest, ...cited(...outlets) }));

  it('is the conjunction of its criteria: a filter takes an article iff each criterion alone does (outlet ones apart)', () => {
    fc.assert(
      fc.property(filters, projections, (filter, article) => {
        const { outlets, outletKinds, outletCountries, ...rest } = filter;
        const outletPart = { outlets, outletKinds, outletCountries };
        const alone = Object.entries(rest).map(([k, v]) => matchesFilter({ [k]: v }, article));
        const expected = alone.every(Boolean) && matchesFilter(outletPart, article);
        expect(matchesFilter(filter, article)).toBe(expected);
      }),
    );
  });

  it('takes no more articles for a criterion added', () => {
    fc.assert(
      fc.property(filters, filters, projections, (a, b, article) => {
        if (matchesFilter({ ...a, ...b }, article)) expect(matchesFilter(b, article)).toBe(true);
      }),
    );
  });
});
