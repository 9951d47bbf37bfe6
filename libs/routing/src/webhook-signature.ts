import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers a webhook delivery carries, lower-case. */
export const WEBHOOK_HEADERS = {
  /** `sha256=` and the hex HMAC-SHA256, keyed by the subscriber's secret, of `<timestamp>.<body>`. */
  signature: 'newswire-signature',
  /** Unix seconds when the attempt was signed: a receiver refuses old ones (replays). */
  timestamp: 'newswire-timestamp',
  /** `<articleId>:<version>`, the same on every attempt, so a receiver can drop a repeat. */
  delivery: 'newswire-delivery',
  signal: 'newswire-signal',
} as const;

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * A receiver's check: the signature is the body's under this secret, and the timestamp is within
 * `toleranceSeconds` of `now` (seconds), so a captured request cannot be replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  now = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp)) return false;
  if (Math.abs(now - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
