import { HEADERS } from '@newswire/contracts';
import type { InMessage } from './message-bus.port';

/** A raw wire's trace id and receipt time, from its headers, or from where it sits when the producer set none. */
export function rawTrace(m: InMessage): { traceId: string; receivedAt: string } {
  return {
    traceId: m.headers[HEADERS.traceId] || `${m.topic}/${m.partition}/${m.offset}`,
    receivedAt: m.headers[HEADERS.receivedAt] || new Date(Number(m.timestamp)).toISOString(),
  };
}
