import { defaultRegistry, enrichStory, type OutletRegistry } from '@newswire/attribution';
import { TOPICS, storyKey, type ArticleEvent, type CanonicalStory } from '@newswire/contracts';
import { decide, evolve, initialIndex, type CuratorIndex, type Decision } from '@newswire/dedup';
import { normalize, type NormalizeOptions } from '@newswire/wire-formats';

export interface Curated {
  story: CanonicalStory;
  decision: Decision;
  events: ArticleEvent[];
}

/**
 * normalize -> attribute -> curate in one process, with the same pure functions the apps run
 * over Kafka: for `newswire dedup` (files, in order) and `newswire reprocess` (the raw log).
 */
export class InMemoryPipeline {
  readonly registry: OutletRegistry = defaultRegistry();
  private readonly index: CuratorIndex = initialIndex();
  private count = 0;

  process(
    bytes: Uint8Array,
    opts: NormalizeOptions & {
      /** When each story was received: a time, or one derived from the story. */
      receivedAt: string | ((story: CanonicalStory) => string);
      traceId?: string;
      causation?: { topic: string; partition: number; offset: string };
    },
  ): Curated[] {
    const n = this.count++;
    return normalize(bytes, opts).map((story) => {
      const { decision, events } = decide(
        {
          message: enrichStory(story, this.registry, {
            traceId: opts.traceId ?? `cli-${n}`,
            receivedAt: typeof opts.receivedAt === 'string' ? opts.receivedAt : opts.receivedAt(story),
          }).message,
          causation: {
            ...(opts.causation ?? { topic: TOPICS.enriched, partition: 0, offset: String(n) }),
            storyKey: storyKey(story),
          },
        },
        this.index,
      );
      for (const e of events) evolve(this.index, e);
      return { story, decision, events };
    });
  }
}
