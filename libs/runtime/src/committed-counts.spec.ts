import fc from 'fast-check';
import { CommittedCounts, type OwedCount } from './committed-counts';

const owed = fc.array(
  fc.record({
    counter: fc.constantFrom('produced' as const, 'deadLettered' as const),
    label: fc.constantFrom('a', 'b', 'E1'),
  }),
  { maxLength: 3 },
);
const key = (o: OwedCount) => `${o.counter}:${o.label}`;
const tally = (list: OwedCount[]) => {
  const t = new Map<string, number>();
  for (const o of list) t.set(key(o), (t.get(key(o)) ?? 0) + 1);
  return t;
};

describe('CommittedCounts', () => {
  it('counts an input once its partition commits past it, and only its last handling', () => {
    const c = new CommittedCounts();
    c.record('in', 0, '0', [{ counter: 'produced', label: 'out' }]);
    c.record('in', 0, '1', [{ counter: 'deadLettered', label: 'MALFORMED' }]);
    c.record('in', 1, '0', [{ counter: 'produced', label: 'out' }]);
    // The transaction aborted: offset 1 is handled again, with another outcome.
    c.record('in', 0, '1', [{ counter: 'produced', label: 'out' }]);
    expect(c.commit('in', 0, '1')).toEqual([{ counter: 'produced', label: 'out' }]);
    expect(c.commit('in', 0, '3')).toEqual([{ counter: 'produced', label: 'out' }]);
    expect(c.commit('in', 0, '3')).toEqual([]);
    c.clear();
    expect(c.commit('in', 1, '1')).toEqual([]);
  });

  it('over any run of handlings, aborts and commits, counts each committed input once, as last handled', () => {
    // A partition's run: rounds of handling from where it stands; each round commits or aborts
    // (an abort hands the same inputs over again).
    const round = fc.record({
      size: fc.integer({ min: 1, max: 5 }),
      commits: fc.boolean(),
      outcomes: fc.array(owed, { minLength: 5, maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(round, { maxLength: 12 }), (rounds) => {
        const c = new CommittedCounts();
        const counted: OwedCount[] = [];
        const expected: OwedCount[] = [];
        let at = 0;
        for (const { size, commits, outcomes } of rounds) {
          for (let i = 0; i < size; i++) c.record('in', 0, String(at + i), outcomes[i]);
          if (!commits) continue;
          for (let i = 0; i < size; i++) expected.push(...outcomes[i]);
          at += size;
          counted.push(...c.commit('in', 0, String(at)));
        }
        expect(tally(counted)).toEqual(tally(expected));
      }),
    );
  });
});
