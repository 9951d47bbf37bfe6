import type { TopicSpec } from '@newswire/contracts';

/** What the cluster says of an existing topic. */
export interface TopicState {
  name: string;
  partitions: number;
  /** The topic's values of the configs asked for; undefined when the client cannot read configs. */
  config?: Record<string, string | null>;
}

/** Why `--fix` cannot run when the topics' configs cannot be read (the credentials may not). */
export const NO_CONFIG_ACCESS =
  'this Kafka client cannot read or alter topic configs: use KAFKA_CLIENT=platformatic or kafka-configs.sh';

/** One way an existing topic differs from its spec in libs/contracts. */
export type TopicDrift =
  | { topic: string; kind: 'partitions'; want: number; have: number }
  | { topic: string; kind: 'config'; key: string; want: string; have: string | null }
  /** One entry for all the topics whose configs could not be read (the client cannot, or it failed). */
  | { kind: 'config-unread'; topics: string[]; reason?: string };

/**
 * How existing topics differ from their specs. Only the configs a spec sets are compared (an
 * operator's other settings are theirs), and the partition count only where it is `exact` (every
 * topic but the raw one, which an operator may grow, and the DLQ). Topics missing from `states` are
 * not drift: they get created.
 */
export function topicDrift(specs: TopicSpec[], states: TopicState[]): TopicDrift[] {
  const byName = new Map(states.map((s) => [s.name, s]));
  const drift: TopicDrift[] = [];
  const unread: string[] = [];
  for (const spec of specs) {
    const state = byName.get(spec.name);
    if (!state) continue;
    if (spec.exact && state.partitions !== spec.partitions)
      drift.push({ topic: spec.name, kind: 'partitions', want: spec.partitions, have: state.partitions });
    if (!state.config) {
      unread.push(spec.name);
      continue;
    }
    for (const [key, want] of Object.entries(spec.config)) {
      const have = state.config[key] ?? null;
      if (have !== want) drift.push({ topic: spec.name, kind: 'config', key, want, have });
    }
  }
  if (unread.length) drift.push({ kind: 'config-unread', topics: unread });
  return drift;
}

/** The config changes that bring drifted topics back to their specs, per topic. */
export function configFixes(drift: TopicDrift[]): Map<string, Record<string, string>> {
  const fixes = new Map<string, Record<string, string>>();
  for (const d of drift)
    if (d.kind === 'config') fixes.set(d.topic, { ...fixes.get(d.topic), [d.key]: d.want });
  return fixes;
}

/** A log line's worth of one drift, saying what to do about it. */
export function describeDrift(d: TopicDrift): string {
  switch (d.kind) {
    case 'partitions':
      // Partitions cannot be removed, and adding some moves keys: an operator's call (README, Deploy).
      return `${d.topic} has ${d.have} partitions, newswire is set for ${d.want} (TOPIC_PARTITIONS, or one for a total order); records keyed to one partition would be read from another`;
    case 'config':
      return `${d.topic} has ${d.key}=${d.have ?? '(unset)'}, newswire expects ${d.want}; \`newswire topics --fix\` sets it`;
    case 'config-unread':
      return `the configs of ${d.topics.join(', ')} were not checked: ${d.reason ?? 'this Kafka client cannot read topic configs'}`;
  }
}
