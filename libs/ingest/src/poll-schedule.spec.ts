import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { nextPollDelayMs, retryAfterMs } from './poll-schedule';

describe('nextPollDelayMs', () => {
  it('stays within the jitter of the interval, doubles per failure up to the cap, and honours Retry-After', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3600 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 86400 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }),
        (interval, jitter, failures, cap, r, retryAfter) => {
          const feed = { intervalSeconds: interval, jitter, maxBackoffSeconds: cap };
          const base = Math.min(interval * 2 ** failures, Math.max(interval, cap)) * 1000;
          const ms = nextPollDelayMs(feed, failures, retryAfter, () => r);
          expect(ms).toBeGreaterThanOrEqual(Math.floor(Math.max(base * (1 - jitter), retryAfter ?? 0)) - 1);
          expect(ms).toBeLessThanOrEqual(Math.ceil(Math.max(base * (1 + jitter), retryAfter ?? 0)) + 1);
        },
      ),
    );
  });
});

describe('retryAfterMs', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
