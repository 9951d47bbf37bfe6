import { HEADERS, StageError, storyKey } from '@newswire/contracts';
import { enrichStory, type OutletRegistry } from '@newswire/attribution';
import { checkedRawTrace, type InMessage, type OutMessage } from '@newswire/kafka';
import type { Logger } from '@newswire/observability';
import { normalize } from '@newswire/wire-formats';

/**
 * wire.raw.v1 -> wire.enriched.v1: one raw message (a story, a feed, a G2 newsMessage) gives one
 * message per story, keyed by `source:guid`: the canonical story and who reported what in it, under
 * the registry's version. A WireFormatError carries the DLQ code.
 *
 * Parsing and attribution are one stage: both are stateless and need no partitioning, and a topic
 * between them was a whole Kafka hop (serialise, transaction, fetch, parse, validate again) that
 * cost more CPU than the attribution itself and ~100 ms of latency at 500 stories/s.
 */
export function normalizeRaw(
  m: InMessage,
  output: string,
  maxBytes: number,
  registry: OutletRegistry,
  log?: Pick<Logger, 'warn'>,
): OutMessage[] {
  if (!m.value || m.value.length === 0) throw new StageError('EMPTY_BODY', 'the message has no value');
  const { traceId, receivedAt } = checkedRawTrace(m);
  // Heard while the bytes are decoded, before any story has a key: logged once the stories are
  // read, with each story's key, or with the trace id alone when the wire is refused.
  const lossy: string[] = [];
  const logLossy = (key?: string) => {
    for (const warning of lossy) log?.warn({ traceId, storyKey: key, warning }, 'wire read with a loss');
  };
  let stories;
  try {
    stories = normalize(m.value, {
      contentType: m.headers[HEADERS.contentType],
      source: m.headers[HEADERS.wireSource],
      maxBytes,
      onWarning: (warning) => lossy.push(warning),
    });
  } catch (e) {
    logLossy();
    throw e;
  }
  if (stories.length === 0) throw new StageError('EMPTY_BODY', 'the wire holds no story');
  return stories.map((story) => {
    const key = storyKey(story);
    logLossy(key);
    const { message, truncated } = enrichStory(story, registry, { traceId, receivedAt });
    if (truncated > 0)
      log?.warn(
        { traceId, storyKey: key, truncated, attributions: message.attributions.length },
        'attribution caps reached: source mentions left unexamined',
      );
    return {
      topic: output,
      key,
      value: JSON.stringify(message),
      headers: { [HEADERS.traceId]: traceId, [HEADERS.schemaVersion]: '1' },
    };
  });
}
