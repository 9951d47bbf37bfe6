import fc from 'fast-check';
import { U64Set, U64Table } from './u64-table';

describe('U64Table', () => {
  it('behaves as a Map under any mix of sets and deletes, across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 300 })), { maxLength: 600 }),
        (ops) => {
          // value v has key (v % 7, v * 2654435761 >>> 0): small hi, spread lo, many probe collisions
          const keyHi = (v: number) => v % 7;
          const keyLo = (v: number) => Math.imul(v, 2654435761) >>> 0;
          const table = new U64Table(keyHi, keyLo, 8);
          const model = new Set<number>();
          for (const [add, v] of ops) {
            if (add) {
              table.set(v);
              model.add(v);
            } else {
              table.delete(keyHi(v), keyLo(v));
              model.delete(v);
            }
          }
          expect(table.size).toBe(model.size);
          for (let v = 0; v <= 300; v++) expect(table.get(keyHi(v), keyLo(v))).toBe(model.has(v) ? v : -1);
        },
      ),
    );
  });
});

describe('U64Set', () => {
  it('remembers every key added and no other', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.nat(), fc.nat()), { maxLength: 300, selector: ([a, b]) => `${a}:${b}` }),
        (keys) => {
          const set = new U64Set(4);
          const [probe, ...added] = keys;
          for (const [hi, lo] of added) set.add(hi, lo);
          expect(set.size).toBe(added.length);
          for (const [hi, lo] of added) expect(set.has(hi, lo)).toBe(true);
          if (probe) expect(set.has(probe[0], probe[1])).toBe(false);
        },
      ),
    );
  });
});
