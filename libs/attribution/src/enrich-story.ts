import type { CanonicalStory, EnrichedStoryMessage } from '@newswire/contracts';
import { attributeStory, DEFAULT_LIMITS, type AttributionLimits } from './attribution.extractor';
import type { OutletRegistry } from './outlet-registry';

export interface EnrichedStory {
  message: EnrichedStoryMessage;
  /** Source mentions the caps left unexamined (0 for ordinary copy): the caller logs it. */
  truncated: number;
}

/**
 * A canonical story and who reported what in it, as the message wire.enriched.v1 carries: the one
 * place that builds it, for the normalizer and for the CLI's in-process pipeline.
 */
export function enrichStory(
  story: CanonicalStory,
  registry: OutletRegistry,
  trace: { traceId: string; receivedAt: string },
  limits: AttributionLimits = DEFAULT_LIMITS,
): EnrichedStory {
  const { attributions, truncated } = attributeStory(story, registry, limits);
  return {
    message: {
      schemaVersion: 1,
      traceId: trace.traceId,
      receivedAt: trace.receivedAt,
      story,
      attributions,
      registryVersion: registry.version,
    },
    truncated,
  };
}
