/** A run of one partition's messages: `batch.messages[from..to)`. */
export interface Piece<B> {
  batch: B;
  from: number;
  to: number;
}

/**
 * Splits one round of fetched batches (each partition's messages, in order) into transactions of at
 * most `maxBatch` messages: the whole round in one transaction when it fits, so that a few stories
 * a partition cost one transaction, not one each. Transactions run in the order returned, which keeps
 * every partition's messages in order.
 */
export function transactionsOfRound<B extends { messages: readonly unknown[] }>(
  batches: readonly B[],
  maxBatch: number,
): Piece<B>[][] {
  const transactions: Piece<B>[][] = [];
  let current: Piece<B>[] = [];
  let room = maxBatch;
  for (const batch of batches) {
    let from = 0;
    while (from < batch.messages.length) {
      const to = Math.min(batch.messages.length, from + room);
      current.push({ batch, from, to });
      room -= to - from;
      from = to;
      if (room === 0) {
        transactions.push(current);
        current = [];
        room = maxBatch;
      }
    }
  }
  if (current.length > 0) transactions.push(current);
  return transactions;
}
