import { HEADERS, NormalizedStoryMessage, StageError, storyKey } from '@newswire/contracts';
import { rawTrace, type InMessage, type OutMessage } from '@newswire/kafka';
import { normalize } from '@newswire/wire-formats';

/**
 * wire.raw.v1 -> wire.normalized.v1: one raw message (a story, a feed, a G2 newsMessage) gives one
 * message per story, keyed by `source:guid`. A WireFormatError carries the DLQ code.
 */
export function normalizeRaw(m: InMessage, output: string, maxBytes: number): OutMessage[] {
  if (!m.value || m.value.length === 0) throw new StageError('EMPTY_BODY', 'the message has no value');
  const { traceId, receivedAt } = rawTrace(m);
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
