/** The wait before attempt `attempt + 1` of a webhook delivery (1-based attempts): doubling, capped. */
export function retryDelayMs(
  attempt: number,
  o: { backoffSeconds: number; maxBackoffSeconds: number },
): number {
  return Math.round(Math.min(o.maxBackoffSeconds, o.backoffSeconds * 2 ** Math.max(0, attempt - 1)) * 1000);
}
