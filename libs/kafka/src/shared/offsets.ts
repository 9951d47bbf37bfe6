/** The offset after `offset`: what a consumer commits once it has processed `offset` (64-bit safe). */
export function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}
