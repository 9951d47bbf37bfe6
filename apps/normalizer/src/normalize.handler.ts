import { HEADERS, NormalizedStoryMessage, StageError, storyKey } from '@newswire/contracts';
import type { InMessage, OutMessage } from '@newswire/kafka';
import { normalize } from '@newswire/wire-formats';

/** Where a raw message's trace id and receipt time come from when the producer set none. */
export function traceOf(m: InMessage): { traceId: string; receivedAt: string } {
  return {
    traceId: m.headers[HEADERS.traceId] || `${m.topic}/${m.partition}/${m.offset}`,
    receivedAt: m.headers[HEADERS.receivedAt] || new Date(Number(m.timestamp)).toISOString(),
  };
}

/**
 * wire.raw.v1 -> wire.normalized.v1: one raw message (a story, a feed, a G2 newsMessage) gives one
 * message per story, keyed by `source:guid`. A WireFormatError carries the DLQ code.
 */
export function normalizeRaw(m: InMessage, output: string, maxBytes: number): OutMessage[] {
  if (!m.value || m.value.length === 0) throw new StageError('EMPTY_BODY', 'the message has no value');
  const { traceId, receivedAt } = traceOf(m);
  const stories = normalize(m.value, {
    contentType: m.headers[HEADERS.contentType],
    source: m.headers[HEADERS.wireSource],
    maxBytes,
  });
  if (stories.length === 0) throw new StageError('EMPTY_BODY', 'the wire holds no story');
  return stories.map((story) => {
    const message: NormalizedStoryMessage = { schemaVersion: 1, traceId, receivedAt, story };
    return {
      topic: output,
      key: storyKey(story),
      value: JSON.stringify(message),
      headers: { [HEADERS.traceId]: traceId, [HEADERS.schemaVersion]: '1' },
    };
  });
}
