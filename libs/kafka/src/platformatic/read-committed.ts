/** A record batch as the fetch response carries it: enough to tell committed data from the rest. */
export interface FetchedBatch {
  firstOffset: bigint;
  lastOffsetDelta: number;
  attributes: number;
  producerId: bigint;
  records: { key: Buffer | null | undefined }[];
}

export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

const IS_TRANSACTIONAL = 1 << 4;
const IS_CONTROL = 1 << 5;
/** A control record's key is (version: int16, type: int16); type 0 marks an abort, 1 a commit. */
const isAbortMarker = (b: FetchedBatch) => b.records[0]?.key?.readInt16BE(2) === 0;

/**
 * The data batches a read_committed consumer may deliver, in order: the broker stops at the last
 * stable offset but still sends aborted transactions' batches, listing those transactions, and the
 * client must drop them (as the Java client does: a producer's batches are skipped from the listed
 * first offset up to its abort marker). Control batches are dropped too. A producer may abort many
 * times within one response, so every listed transaction counts, not only its last one.
 */
export function committedBatches<B extends FetchedBatch>(batches: B[], aborted: AbortedTransaction[]): B[] {
  const pending = [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1));
  const aborting = new Set<bigint>();
  const out: B[] = [];
  for (const batch of batches) {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    while (pending.length > 0 && pending[0].firstOffset <= lastOffset)
      aborting.add(pending.shift()!.producerId);
    if (batch.attributes & IS_CONTROL) {
      if (isAbortMarker(batch)) aborting.delete(batch.producerId);
      continue;
    }
    if (batch.attributes & IS_TRANSACTIONAL && aborting.has(batch.producerId)) continue;
    out.push(batch);
  }
  return out;
}
