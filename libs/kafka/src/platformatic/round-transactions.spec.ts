import fc from 'fast-check';
import { transactionsOfRound } from './round-transactions';

const rounds = fc.array(
  fc.integer({ min: 1, max: 40 }).map((n) => ({ messages: Array.from({ length: n }, (_, i) => i) })),
  { minLength: 1, maxLength: 6 },
);

describe('transactionsOfRound', () => {
  it('puts a round that fits in one transaction, one piece per partition', () => {
    const batches = [{ messages: [1, 2, 3] }, { messages: [4] }, { messages: [5, 6] }];
    expect(transactionsOfRound(batches, 500)).toEqual([
      [
        { batch: batches[0], from: 0, to: 3 },
        { batch: batches[1], from: 0, to: 1 },
        { batch: batches[2], from: 0, to: 2 },
      ],
    ]);
  });

  it('splits a partition across transactions when it does not fit', () => {
    const batches = [{ messages: [1, 2, 3] }, { messages: [4, 5, 6] }];
    expect(transactionsOfRound(batches, 4)).toEqual([
      [
        { batch: batches[0], from: 0, to: 3 },
        { batch: batches[1], from: 0, to: 1 },
      ],
      [{ batch: batches[1], from: 1, to: 3 }],
    ]);
  });

  it('covers every message once, in order, with no transaction over the limit', () => {
    fc.assert(
      fc.property(rounds, fc.integer({ min: 1, max: 50 }), (batches, maxBatch) => {
        const transactions = transactionsOfRound(batches, maxBatch);
        const seen = batches.map(() => 0);
        for (const pieces of transactions) {
          const size = pieces.reduce((n, p) => n + p.to - p.from, 0);
          expect(size).toBeGreaterThan(0);
          expect(size).toBeLessThanOrEqual(maxBatch);
          expect(new Set(pieces.map((p) => p.batch)).size).toBe(pieces.length);
          for (const p of pieces) {
            const i = batches.indexOf(p.batch);
            expect(p.from).toBe(seen[i]);
            expect(p.to).toBeGreaterThan(p.from);
            seen[i] = p.to;
          }
        }
        expect(seen).toEqual(batches.map((b) => b.messages.length));
        // Only the last transaction may be short: the others are full.
        for (const pieces of transactions.slice(0, -1))
          expect(pieces.reduce((n, p) => n + p.to - p.from, 0)).toBe(maxBatch);
      }),
    );
  });
});
