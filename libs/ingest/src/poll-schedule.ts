/**
 * How long an http-poll feed waits before its next poll: the interval, doubled per consecutive
 * failure up to the back-off cap, spread by ± jitter so that feeds drift apart, and never less than
 * what a server's Retry-After asked for.
 */
export function nextPollDelayMs(
  feed: { intervalSeconds: number; jitter: number; maxBackoffSeconds: number },
  failures: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const base = Math.min(
    feed.intervalSeconds * 2 ** Math.min(failures, 30),
    Math.max(feed.intervalSeconds, feed.maxBackoffSeconds),
  );
  const spread = base * 1000 * (1 + feed.jitter * (2 * random() - 1));
  return Math.round(Math.max(spread, retryAfterMs ?? 0));
}

/** A Retry-After header (seconds, or an HTTP date) as milliseconds from `now`; undefined when unreadable. */
export function retryAfterMs(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const v = header.trim();
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
