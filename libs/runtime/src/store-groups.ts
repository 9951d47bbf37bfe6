/**
 * Groups a round's batches, in order, into runs of at most `upTo` messages; a batch larger than
 * that is a group of its own. Each group is one database transaction: small batches share one,
 * large ones get their own, side by side.
 */
export function storeGroups<B extends { messages: readonly unknown[] }>(
  batches: readonly B[],
  upTo: number,
): B[][] {
  const groups: B[][] = [];
  let size = Infinity;
  for (const batch of batches) {
    if (size + batch.messages.length > upTo) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(batch);
    size += batch.messages.length;
  }
  return groups;
}
