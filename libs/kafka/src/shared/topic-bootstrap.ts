import { topicSpecs } from '@newswire/contracts';
import type { MessageBus } from '../message-bus.port';
import { NO_CONFIG_ACCESS, configFixes, topicDrift, type TopicDrift } from './topic-drift';

export interface TopicLayout {
  topicPrefix: string;
  partitions: number;
  /** Generation of the event log in use (`newswire reprocess` writes generation 2, 3, …). */
  eventsGeneration?: number;
}

export interface TopicBootstrap {
  created: string[];
  /** How the topics that already existed differ from their specs (after `fix`, what is left). */
  drift: TopicDrift[];
  /** Configs set by `fix`, per topic. */
  fixed: Record<string, Record<string, string>>;
}

/**
 * Creates the topics of libs/contracts (topicSpecs) that are missing, with their partitions and configs, and reports
 * how existing ones differ from their specs; with `fix`, sets their configs back. Idempotent.
 * Partitions are never changed here: adding some moves keys, and that is an operator's call.
 */
export async function bootstrapTopics(
  bus: MessageBus,
  layout: TopicLayout,
  options: { fix?: boolean } = {},
): Promise<TopicBootstrap> {
  const specs = topicSpecs(layout.topicPrefix, layout.partitions, layout.eventsGeneration ?? 1);
  const admin = await bus.admin();
  try {
    let created: string[];
    try {
      created = await admin.ensureTopics(specs);
    } catch (error) {
      // Two apps starting together race to create the same topic; the loser sees TOPIC_ALREADY_EXISTS.
      if (!/already exists/i.test(String((error as Error).message))) throw error;
      created = await admin.ensureTopics(specs);
    }
    const existing = specs.filter((s) => !created.includes(s.name));
    const keys = [...new Set(existing.flatMap((s) => Object.keys(s.config)))];
    const describe = async () =>
      topicDrift(
        existing,
        await admin.describeTopics(
          existing.map((s) => s.name),
          keys,
        ),
      );
    let drift: TopicDrift[];
    try {
      drift = await describe();
    } catch (error) {
      // A principal without DESCRIBE_CONFIGS, a topic not yet known to the broker asked: the check
      // is advice, and an app must not fail to start over it.
      if (options.fix) throw error;
      const reason = `describing them failed: ${(error as Error).message}`;
      const topics = existing.map((s) => s.name);
      return { created, drift: [{ kind: 'config-unread', topics, reason }], fixed: {} };
    }
    if (options.fix && drift.some((d) => d.kind === 'config-unread')) throw new Error(NO_CONFIG_ACCESS);
    const fixes = configFixes(drift);
    if (options.fix && fixes.size > 0) {
      await admin.alterTopicConfigs(fixes);
      drift = await describe();
    }
    return { created, drift, fixed: options.fix ? Object.fromEntries(fixes) : {} };
  } finally {
    await admin.close();
  }
}
