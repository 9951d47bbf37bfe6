import fc from 'fast-check';
import { tickBatcher } from './tick-batcher';

describe('tickBatcher', () => {
  it('serves the calls of one turn in one run, each with its own result', async () => {
    const runs: number[][] = [];
    const call = tickBatcher(async (items: number[]) => {
      runs.push(items);
      return items.map((i) => i * 10);
    });
    const results = await Promise.all([call(1), call(2), call(3)]);
    expect(results).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1, 2, 3]]);
    expect(await call(4)).toBe(40);
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it('fails every call of a run that fails, and serves the next run afresh', async () => {
    let fail = true;
    const call = tickBatcher(async (items: string[]) => {
      if (fail) throw new Error('database away');
      return items.map((s) => s.toUpperCase());
    });
    const failed = await Promise.allSettled([call('a'), call('b')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await Promise.all([call('c'), call('d')])).toEqual(['C', 'D']);
  });

  it('does not hold a call behind a run under way', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const runs: number[][] = [];
    const call = tickBatcher(async (items: number[]) => {
      runs.push(items);
      if (items[0] === 1) await gate;
      return items;
    });
    const first = call(1);
    await Promise.resolve();
    expect(await call(2)).toBe(2);
    release();
    expect(await first).toBe(1);
    expect(runs).toEqual([[1], [2]]);
  });

  it('gives every call its own item back, whatever the calls of a turn', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { minLength: 1, maxLength: 30 }), async (items) => {
        let served = 0;
        const call = tickBatcher(async (batch: number[]) => {
          served += batch.length;
          return batch.map((i) => -i);
        });
        expect(await Promise.all(items.map(call))).toEqual(items.map((i) => -i));
        expect(served).toBe(items.length);
      }),
    );
  });
});
