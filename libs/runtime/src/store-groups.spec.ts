import fc from 'fast-check';
import { storeGroups } from './store-groups';

const batch = (n: number) => ({ messages: Array.from({ length: n }, (_, i) => i) });

describe('storeGroups', () => {
  it('puts small batches together and a large one on its own', () => {
    const [a, b, c, d] = [batch(3), batch(5), batch(400), batch(2)];
    expect(storeGroups([a, b, c, d], 100)).toEqual([[a, b], [c], [d]]);
  });

  it('keeps every batch once, in order, each group within the limit unless one batch exceeds it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300 }).map(batch), { maxLength: 12 }),
        fc.integer({ min: 1, max: 200 }),
        (batches, upTo) => {
          const groups = storeGroups(batches, upTo);
          expect(groups.flat()).toEqual(batches);
          for (const g of groups) {
            expect(g.length).toBeGreaterThan(0);
            const size = g.reduce((n, b) => n + b.messages.length, 0);
            if (g.length > 1) expect(size).toBeLessThanOrEqual(upTo);
          }
          // Greedy: no group could have taken the next group's first batch.
          for (let i = 0; i + 1 < groups.length; i++) {
            const size = groups[i].reduce((n, b) => n + b.messages.length, 0);
            expect(size + groups[i + 1][0].messages.length).toBeGreaterThan(upTo);
          }
        },
      ),
    );
  });
});
