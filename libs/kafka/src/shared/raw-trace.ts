import { EnrichedStoryMessage, HEADERS, StageError } from '@newswire/contracts';
import { TRACEPARENT, traceIdOf } from '@newswire/observability';
import type { InMessage } from '../message-bus.port';

/** Milliseconds that a Date can hold either side of the epoch. */
const MAX_DATE_MS = 8.64e15;

/**
 * A raw wire's trace id and receipt time, from its headers (the W3C trace id of its traceparent,
 * else its trace-id as written, which is what messages from before traceparent carry), or from
 * where it sits and when the broker took it when the producer set none. Never throws (dead-letter logging calls it too): a
 * record timestamp out of a Date's range gives no receipt time, and the caller says so.
 */
export function rawTrace(m: InMessage): { traceId: string; receivedAt: string | undefined } {
  const timestamp = Number(m.timestamp);
  return {
    traceId:
      (m.headers[TRACEPARENT] && traceIdOf(m.headers)) ||
      m.headers[HEADERS.traceId] ||
      `${m.topic}/${m.partition}/${m.offset}`,
    receivedAt:
      m.headers[HEADERS.receivedAt] ||
      (Number.isFinite(timestamp) && Math.abs(timestamp) <= MAX_DATE_MS
        ? new Date(timestamp).toISOString()
        : undefined),
  };
}

/**
 * rawTrace for a wire about to be processed: its receipt time is the time its events are dated
 * with, and one that is not an ISO-8601 date-time would reach the read model's timestamp columns,
 * so the wire is refused here, with its bytes, instead.
 */
export function checkedRawTrace(m: InMessage): { traceId: string; receivedAt: string } {
  const { traceId, receivedAt } = rawTrace(m);
  if (receivedAt !== undefined && EnrichedStoryMessage.shape.receivedAt.safeParse(receivedAt).success)
    return { traceId, receivedAt };
  throw new StageError(
    'MALFORMED',
    receivedAt === undefined
      ? 'no received-at header, and the record timestamp is not a time'
      : `the ${HEADERS.receivedAt} header is not an ISO-8601 date-time: ${receivedAt.slice(0, 100)}`,
  );
}
