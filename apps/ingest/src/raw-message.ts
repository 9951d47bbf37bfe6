import { randomUUID } from 'node:crypto';
import { HEADERS } from '@newswire/contracts';
import type { OutMessage } from '@newswire/kafka';

/**
 * A raw wire message as every feed sends it: keyed by the feed (its stories keep their order), the
 * feed id as `wire-source`, the time it was received and a new trace id.
 */
export function rawMessage(
  topic: string,
  feed: string,
  value: Buffer,
  contentType: string | undefined,
  receivedAt: Date,
): { message: OutMessage; traceId: string } {
  const traceId = randomUUID();
  return {
    traceId,
    message: {
      topic,
      key: feed,
      value,
      headers: {
        [HEADERS.wireSource]: feed,
        [HEADERS.receivedAt]: receivedAt.toISOString(),
        [HEADERS.traceId]: traceId,
        ...(contentType ? { [HEADERS.contentType]: contentType } : {}),
      },
    },
  };
}
