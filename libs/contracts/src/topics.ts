/** Topic names and their configuration: the one place that names them (docs/architecture.md, "Flow"). */
export const TOPICS = {
  raw: 'wire.raw.v1',
  enriched: 'wire.enriched.v1',
  events: 'article.events.v1',
  projections: 'article.projections.v1',
  dlq: 'wire.dlq.v1',
  /** Which dead-letter records `newswire dlq redrive` has sent back, keyed by the record (RedriveRecord). */
  redrives: 'wire.dlq.redrives.v1',
  ingestState: 'ingest.state.v1',
  /** What the router has delivered to each subscriber, per article (RouterStateRecord). */
  routerState: 'router.state.v1',
} as const;

/** The topic of one subscription's deliveries (`article.out.v1.<name>`), written by the router. */
export function subscriptionTopic(prefix: string, name: string): string {
  return `${prefix}article.out.v1.${name}`;
}

/** A webhook subscription's dead letters: the deliveries its receiver never took. */
export function subscriptionDlqTopic(prefix: string, name: string): string {
  return `${subscriptionTopic(prefix, name)}.dlq`;
}

export type TopicKey = keyof typeof TOPICS;
export type TopicNames = { [K in TopicKey]: string };

/**
 * The topic names under a deployment's prefix (e.g. `staging.` for a shared cluster). Generation
 * N > 1 of the event log (written by `newswire reprocess`) is `article.events.v1.genN`.
 */
export function topicNames(prefix: string, eventsGeneration = 1): TopicNames {
  const names = Object.fromEntries(Object.entries(TOPICS).map(([k, v]) => [k, prefix + v])) as TopicNames;
  if (eventsGeneration > 1) names.events = eventsTopic(prefix, eventsGeneration);
  return names;
}

export function eventsTopic(prefix: string, generation: number): string {
  return prefix + TOPICS.events + (generation > 1 ? `.gen${generation}` : '');
}

export interface TopicSpec {
  name: string;
  /** At creation. An existing topic may have another count (more consumers), unless `exact`. */
  partitions: number;
  /**
   * The count is part of correctness: the curator's total order needs one partition; a topic keyed
   * by article keeps each article on one partition only while the count stays what it was.
   */
  exact?: boolean;
  config: Record<string, string>;
}

/** Compacted to the latest record per key soon after it is written: hourly segments, no lag. */
const LATEST_PER_KEY: Record<string, string> = {
  'cleanup.policy': 'compact',
  'min.compaction.lag.ms': '0',
  'segment.ms': String(3600 * 1000),
};

/**
 * Partitions and configs. The curator's input (`wire.enriched.v1`) has ONE partition: the curator
 * is the single writer of the log and needs a total order over its input (as NYT's Monolog).
 * The event log keeps everything forever; projections are compacted to the latest per article.
 */
export function topicSpecs(prefix = '', partitions = 6, eventsGeneration = 1): TopicSpec[] {
  const names = topicNames(prefix, eventsGeneration);
  return withLargeMessages(
    [
      // The raw log is kept: `newswire reprocess` re-runs it after a parser or registry fix.
      { name: names.raw, partitions, config: { 'retention.ms': '-1' } },
      {
        name: names.enriched,
        partitions: 1,
        exact: true,
        config: { 'retention.ms': String(7 * 24 * 3600 * 1000) },
      },
      {
        name: names.events,
        partitions,
        exact: true,
        config: { 'retention.ms': '-1', 'retention.bytes': '-1', 'cleanup.policy': 'delete' },
      },
      {
        name: names.projections,
        partitions,
        exact: true,
        config: LATEST_PER_KEY,
      },
      { name: names.dlq, partitions: 1, config: { 'retention.ms': '-1' } },
      // One record per redriven dead letter, kept for as long as the dead-letter topic keeps it.
      { name: names.redrives, partitions: 1, config: { 'cleanup.policy': 'compact' } },
      // What the ingest app has sent (item hashes, HTTP validators, files taken), written in the
      // transaction of the raw messages themselves; compacted to the latest record per key. One
      // partition: an instance reads it whole at start.
      {
        name: names.ingestState,
        partitions: 1,
        config: LATEST_PER_KEY,
      },
      // Partition p holds the state of the articles of projections partition p (the router writes
      // it there, in the transactions of the deliveries it describes): so as many partitions,
      // exactly. Compacted to the latest per article.
      {
        name: names.routerState,
        partitions,
        exact: true,
        config: LATEST_PER_KEY,
      },
    ],
    names.dlq,
  );
}

/** Header names used on every topic. */
export const HEADERS = {
  contentType: 'content-type',
  wireSource: 'wire-source',
  receivedAt: 'received-at',
  traceId: 'trace-id',
  schemaVersion: 'schema-version',
  projectionVersion: 'projection-version',
  eventType: 'event-type',
  /** On a subscription's delivery: what the version is (published, update, correction, withdrawn, …). */
  signal: 'signal',
  /**
   * On a record `newswire dlq redrive` sent back, and so on its dead letter if it fails again: the
   * dead-letter record it is a copy of, `partition:offset` of the first one in a chain.
   */
  redriveOf: 'redrive-of',
  dlq: {
    code: 'dlq-error-code',
    message: 'dlq-error-message',
    stage: 'dlq-stage',
    topic: 'dlq-original-topic',
    partition: 'dlq-original-partition',
    offset: 'dlq-original-offset',
    key: 'dlq-original-key',
    failedAt: 'dlq-failed-at',
  },
} as const;

/**
 * A subscription's topics, as topicSpecs gives the pipeline's: its deliveries, keyed by article as
 * the projections are (an article's versions stay in order on one partition), and for a webhook its
 * dead letters, sized like wire.dlq.v1 so that any delivery's dead letter fits.
 */
export function subscriptionTopicSpecs(
  prefix: string,
  name: string,
  kind: 'kafka' | 'webhook',
  partitions: number,
): TopicSpec[] {
  const dlq = subscriptionDlqTopic(prefix, name);
  return withLargeMessages(
    [
      { name: subscriptionTopic(prefix, name), partitions, config: {} },
      ...(kind === 'webhook' ? [{ name: dlq, partitions: 1, config: { 'retention.ms': '-1' } }] : []),
    ],
    dlq,
  );
}

/**
 * A raw wire may be MAX_INPUT_BYTES (5 MB by default), its dead letter carries it whole, and its JSON
 * forms are larger still: Kafka's 1 MB default record-batch limit would refuse them.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/**
 * The limit of every topic but the dead-letter one: whatever a topic holds, its dead letter (the
 * same bytes plus the dlq-* headers) fits, so dead-lettering can never fail for size.
 */
export const MAX_RECORD_BYTES = MAX_MESSAGE_BYTES - 64 * 1024;

function withLargeMessages(specs: TopicSpec[], dlq: string): TopicSpec[] {
  return specs.map((s) => ({
    ...s,
    config: {
      'max.message.bytes': String(s.name === dlq ? MAX_MESSAGE_BYTES : MAX_RECORD_BYTES),
      ...s.config,
    },
  }));
}
