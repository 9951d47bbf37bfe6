/** A count a stage owes its metrics for one input: produced to a topic, or dead-lettered with a code. */
export interface OwedCount {
  counter: 'produced' | 'deadLettered';
  /** The output topic, or the dead-letter code. */
  label: string;
}

/**
 * What a stage produced and dead-lettered, counted once the transaction of its inputs has
 * committed. An aborted transaction's inputs are handled again: counted as they were handled,
 * they were counted twice. Kept by input partition and offset; a later handling of an input
 * replaces the earlier one.
 */
export class CommittedCounts {
  private readonly pending = new Map<string, Map<string, OwedCount[]>>();

  /** What handling the input at `offset` of topic/partition gave (replacing any earlier handling). */
  record(topic: string, partition: number, offset: string, owed: OwedCount[]): void {
    const key = `${topic}\u0000${partition}`;
    let byOffset = this.pending.get(key);
    if (!byOffset) this.pending.set(key, (byOffset = new Map()));
    byOffset.set(offset, owed);
  }

  /** The counts of the partition's inputs before `nextOffset`, now committed; they are forgotten. */
  commit(topic: string, partition: number, nextOffset: string): OwedCount[] {
    const byOffset = this.pending.get(`${topic}\u0000${partition}`);
    if (!byOffset) return [];
    const next = BigInt(nextOffset);
    const committed: OwedCount[] = [];
    for (const [offset, owed] of byOffset) {
      if (BigInt(offset) >= next) continue;
      committed.push(...owed);
      byOffset.delete(offset);
    }
    return committed;
  }

  /** Forgets everything pending (partitions reassigned: another instance handles them again). */
  clear(): void {
    this.pending.clear();
  }
}
