import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { IRIB, projectionAt } from './projection.fixture';
import { streamFilter } from './stream-filter';
import { decodePosition, encodePosition } from './stream-position';
import { textQuery } from './text-query';

describe('streamFilter', () => {
  const p = projectionAt(1, {
    headline: 'Iran’s foreign minister meets Assad in Damascus',
    body: ['The state broadcaster IRIB said the talks were cordial.'],
    language: 'en',
  });

  it('takes the /articles parameters', () => {
    expect(streamFilter({})(p)).toBe(true);
    expect(streamFilter({ outlet: IRIB.id, language: 'en', status: 'published' })(p)).toBe(true);
    expect(streamFilter({ outlet: 'fars' })(p)).toBe(false);
    expect(streamFilter({ since: '2026-03-01', until: '2026-03-01T10:00:00Z' })(p)).toBe(true);
    expect(streamFilter({ until: '2026-02-28' })(p)).toBe(false);
    expect(streamFilter({ status: 'withdrawn' })(p)).toBe(false);
  });

  it('reads q as websearch_to_tsquery does: words, "phrases", -not, or', () => {
    const q = (text: string) => textQuery(text)(p);
    expect(q('assad damascus')).toBe(true);
    expect(q('assad beirut')).toBe(false);
    expect(q('"foreign minister meets"')).toBe(true);
    expect(q('"minister foreign"')).toBe(false);
    expect(q('assad -cordial')).toBe(false);
    expect(q('beirut or cordial')).toBe(true);
    expect(q('IRAN')).toBe(true);
    expect(q('-')).toBe(true);
  });
});

describe('stream positions', () => {
  it('round-trip, and refuse an id the stream did not write', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.integer({ min: 0, max: 999 }).map(String), fc.bigInt({ min: 0n, max: 2n ** 62n })),
        (d) => {
          const position = new Map(Object.entries(d).map(([k, v]) => [Number(k), v]));
          if (!position.size) return;
          expect(decodePosition(encodePosition(position))).toEqual(position);
        },
      ),
    );
    expect(decodePosition('0:1,x')).toBeUndefined();
    expect(decodePosition('')).toBeUndefined();
  });
});
