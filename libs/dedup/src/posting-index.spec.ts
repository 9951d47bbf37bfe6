import fc from 'fast-check';
import { PostingIndex } from './posting-index';

const LIMIT = 1 << 14;
const slotsOf = (index: PostingIndex, hash: number) => {
  const slots = new Uint32Array(LIMIT);
  const n = index.lookup(hash, slots);
  return { out: n < 0 ? [] : [...slots.subarray(0, n)], complete: n >= 0 };
};

describe('PostingIndex', () => {
  it('gives back the slots posted under a hash, newest first, and none of other hashes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5000 })), {
          maxLength: 3000,
        }),
        (postings) => {
          // 6 bucket bits: most hashes share a bucket, so the 8 bits kept beside the slot must tell them apart
          const index = new PostingIndex(6, LIMIT, () => true);
          const hashOf = (k: number) => (Math.imul(k + 1, 0x9e3779b1) >>> 0) & 0xffff003f;
          for (const [k, slot] of postings) index.add(hashOf(k), slot);
          for (let k = 0; k <= 40; k++) {
            const want = postings
              .filter(([x]) => x === k)
              .map(([, s]) => s)
              .reverse();
            expect(slotsOf(index, hashOf(k)).out).toEqual(want);
          }
        },
      ),
    );
  });

  it("gives back each posting's tag when tagged, through a making of room", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 254 })), {
          minLength: 1,
          maxLength: 3000,
        }),
        (postings) => {
          // keeps even slots only: room is made at 1,024 postings
          const index = new PostingIndex(
            6,
            LIMIT,
            (slot) => slot % 2 === 0 || slot >= postings.length - 1024,
            true,
          );
          const hashOf = (k: number) => (Math.imul(k + 1, 0x9e3779b1) >>> 0) & 0xffff003f;
          postings.forEach(([k, tag], slot) => index.add(hashOf(k), slot, tag));
          const slots = new Uint32Array(LIMIT);
          const tags = new Uint8Array(LIMIT);
          for (let k = 0; k <= 30; k++) {
            const n = index.lookup(hashOf(k), slots, tags);
            for (let i = 0; i < n; i++) expect(tags[i]).toBe(postings[slots[i]][1]);
          }
        },
      ),
    );
  });

  it('stops at the limit and says the hash is boilerplate', () => {
    const index = new PostingIndex(8, 5, () => true);
    for (let slot = 0; slot < 5; slot++) index.add(0xabcdef12, slot);
    const slots = new Uint32Array(5);
    expect(index.lookup(0xabcdef12, slots)).toBe(5);
    expect([...slots]).toEqual([4, 3, 2, 1, 0]);
    index.add(0xabcdef12, 5);
    expect(index.lookup(0xabcdef12, slots)).toBe(-1);
    // known boilerplate now, without a walk; other hashes are looked up as before
    expect(index.lookup(0xabcdef12, slots)).toBe(-1);
    expect(index.lookup(0x12345678, slots)).toBe(0);
    expect(index.has(0xabcdef12, 3)).toBe(true);
    expect(index.has(0xabcdef12, 7)).toBe(false);
  });

  it('forgets, when full, the postings of slots the owner no longer keeps, and stays bounded', () => {
    let oldest = 0;
    const index = new PostingIndex(8, LIMIT, (slot) => slot >= oldest);
    // a stream of articles with 10 postings each, of which only the last 100 are kept
    for (let slot = 0; slot < 20000; slot++) {
      oldest = Math.max(0, slot - 100);
      for (let p = 0; p < 10; p++) index.add(Math.imul(slot * 10 + p, 0x85ebca6b) >>> 0, slot);
    }
    expect(index.size).toBeLessThanOrEqual(4 * 1010);
    const kept = Math.imul(19999 * 10 + 3, 0x85ebca6b) >>> 0;
    const forgotten = Math.imul(5 * 10 + 3, 0x85ebca6b) >>> 0;
    expect(slotsOf(index, kept).out).toEqual([19999]);
    expect(slotsOf(index, forgotten).out).toEqual([]);
  });

  it('takes a boilerplate hash for informative again once the postings that made it so are forgotten', () => {
    let oldest = 0;
    const index = new PostingIndex(8, 2, (slot) => slot >= oldest);
    const slots = new Uint32Array(2);
    for (let slot = 0; slot < 3; slot++) index.add(0xabcdef12, slot);
    expect(index.lookup(0xabcdef12, slots)).toBe(-1);
    oldest = 10;
    // fill the index past its first capacity, so that it drops slots 0..2
    for (let p = 0; p < 5000; p++) index.add(Math.imul(p + 1, 0x85ebca6b) >>> 0, 10 + (p % 50));
    index.add(0xabcdef12, 100);
    expect(index.lookup(0xabcdef12, slots)).toBe(1);
    expect(slots[0]).toBe(100);
  });
});
