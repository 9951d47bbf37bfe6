import { committedBatches, type FetchedBatch } from './read-committed';

const TXN = 1 << 4;
const CONTROL = 1 << 5;
const marker = (type: 0 | 1) => {
  const key = Buffer.alloc(4);
  key.writeInt16BE(type, 2);
  return key;
};
const data = (offset: number, producerId: number, transactional = true): FetchedBatch => ({
  firstOffset: BigInt(offset),
  lastOffsetDelta: 1,
  attributes: transactional ? TXN : 0,
  producerId: BigInt(producerId),
  records: [{ key: null }, { key: null }],
});
const end = (offset: number, producerId: number, type: 0 | 1): FetchedBatch => ({
  firstOffset: BigInt(offset),
  lastOffsetDelta: 0,
  attributes: TXN | CONTROL,
  producerId: BigInt(producerId),
  records: [{ key: marker(type) }],
});
const offsets = (batches: FetchedBatch[]) => batches.map((b) => Number(b.firstOffset));

describe('committedBatches', () => {
  it('drops every aborted transaction of a producer that aborts twice around a commit', () => {
    // abort (0-1, marker 2), commit (3-4, marker 5), abort (6-7, marker 8), commit (9-10, marker 11)
    const batches = [data(0, 7), end(2, 7, 0), data(3, 7), end(5, 7, 1), data(6, 7), end(8, 7, 0)];
    batches.push(data(9, 7), end(11, 7, 1));
    const aborted = [
      { producerId: 7n, firstOffset: 6n },
      { producerId: 7n, firstOffset: 0n },
    ];
    expect(offsets(committedBatches(batches, aborted))).toEqual([3, 9]);
  });

  it('keeps other producers and non-transactional batches inside an aborted range', () => {
    const batches = [data(0, 1), data(2, 2), data(4, 0, false), end(6, 1, 0), end(7, 2, 1)];
    expect(offsets(committedBatches(batches, [{ producerId: 1n, firstOffset: 0n }]))).toEqual([2, 4]);
  });

  it('skips an aborted transaction whose marker lies beyond this response', () => {
    const batches = [data(0, 3), data(2, 4), end(4, 4, 1), data(5, 3)];
    expect(offsets(committedBatches(batches, [{ producerId: 3n, firstOffset: 0n }]))).toEqual([2]);
  });
});
