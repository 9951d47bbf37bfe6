import { z } from 'zod';
import { Attribution } from './attribution.schema';
import { CanonicalStory } from './canonical-story.schema';

/**
 * Value of `wire.enriched.v1`, keyed by `source:guid`: the canonical story plus who reported what,
 * under a registry version.
 */
export const EnrichedStoryMessage = z.object({
  schemaVersion: z.literal(1),
  traceId: z.string(),
  /** When newswire received the wire: the time every event it causes is dated with. */
  receivedAt: z.iso.datetime({ offset: true }),
  story: CanonicalStory,
  attributions: z.array(Attribution),
  registryVersion: z.string(),
});
export type EnrichedStoryMessage = z.infer<typeof EnrichedStoryMessage>;

export function storyKey(story: { source: string; guid: string }): string {
  return `${story.source}:${story.guid}`;
}
