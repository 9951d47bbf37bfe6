import { EnrichedStoryMessage, HEADERS, NormalizedStoryMessage, storyKey } from '@newswire/contracts';
import { extractAttributions, type OutletRegistry } from '@newswire/attribution';
import type { InMessage, OutMessage } from '@newswire/kafka';
import { parseMessage } from '@newswire/runtime';

/** wire.normalized.v1 -> wire.enriched.v1: the story plus who reported what, stamped with the registry version. */
export function enrichNormalized(m: InMessage, output: string, registry: OutletRegistry): OutMessage[] {
  const normalized = parseMessage(m, NormalizedStoryMessage);
  const enriched: EnrichedStoryMessage = {
    ...normalized,
    attributions: extractAttributions(normalized.story, registry),
    registryVersion: registry.version,
  };
  return [
    {
      topic: output,
      key: storyKey(normalized.story),
      value: JSON.stringify(enriched),
      headers: { [HEADERS.traceId]: normalized.traceId, [HEADERS.schemaVersion]: '1' },
    },
  ];
}
