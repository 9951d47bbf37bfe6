import { join } from 'node:path';
import type { ArticleEvent, ArticleProjection } from '@newswire/contracts';
import type { InMessage, OutMessage } from '@newswire/kafka';

type Built = typeof import('@newswire/contracts') &
  typeof import('@newswire/attribution') &
  typeof import('@newswire/dedup') &
  typeof import('@newswire/projection') &
  typeof import('../../apps/normalizer/src/normalize.handler');

/**
 * The built code (dist/), the very files the app processes run: a reference compiled from the
 * source tree instead would differ from them whenever the source is ahead of the last build.
 */
function built(): Built {
  const dist = join(__dirname, '..', '..', 'dist');
  const modules = [
    'libs/contracts/src',
    'libs/attribution/src',
    'libs/dedup/src',
    'libs/projection/src',
    'apps/normalizer/src/normalize.handler',
  ];

  return Object.assign({}, ...modules.map((m) => require(join(dist, m)))) as Built;
}

/** What an undisturbed run of some raw input must end with. */
export interface ReferenceRun {
  /** Trace ids of every story that reaches wire.enriched.v1. */
  traces: string[];
  events: ArticleEvent[];
  /** Digest of each article's projection, as ReadModelStore.digest() computes it. */
  perArticle: Record<string, string>;
}

const asInput = (m: OutMessage, offset: number): InMessage => ({
  topic: m.topic,
  partition: 0,
  offset: String(offset),
  key: m.key == null ? null : Buffer.from(m.key),
  value: m.value == null ? null : Buffer.from(m.value),
  headers: m.headers ?? {},
  timestamp: '0',
});

/**
 * The undisturbed run, computed in the test process by the very handlers the apps run (as built) (normalize
 * and attribute, the curator's decider, the projection fold), one message at a time in send order. Valid
 * for streams whose outcome does not depend on how partitions interleave (see wireStream).
 */
export function referenceRun(raw: OutMessage[]): ReferenceRun {
  const {
    EnrichedStoryMessage,
    defaultRegistry,
    decide,
    evolve,
    initialIndex,
    project,
    projectionDigest,
    normalizeRaw,
  } = built();
  const registry = defaultRegistry();
  let index = initialIndex();
  const traces: string[] = [];
  const events: ArticleEvent[] = [];
  const projections = new Map<string, ArticleProjection>();
  raw.forEach((r, i) => {
    for (const out of normalizeRaw(asInput(r, i), 'enriched', Number.MAX_SAFE_INTEGER, registry)) {
      const message = EnrichedStoryMessage.parse(JSON.parse(String(out.value)));
      traces.push(message.traceId);
      const causation = { topic: 'enriched', partition: 0, offset: String(i), storyKey: String(out.key) };
      for (const e of decide({ message, causation }, index).events) {
        index = evolve(index, e);
        events.push(e);
        projections.set(e.articleId, project(projections.get(e.articleId), e));
      }
    }
  });
  const perArticle = Object.fromEntries(
    [...projections]
      .map(([id, p]) => [id, projectionDigest(p)] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return { traces, events, perArticle };
}
