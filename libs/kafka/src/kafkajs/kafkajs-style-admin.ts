import type { TopicSpec } from '@newswire/contracts';
import type { Admin } from '../message-bus.port';
import type { TopicState } from '../shared/topic-drift';

type TopicMetadata = { name: string; partitions: unknown[] };

/** Reading and setting topic configs (kafkajs has only the legacy AlterConfigs: see kafkajs-bus). */
export interface TopicConfigs {
  read(names: string[], keys: string[]): Promise<Map<string, Record<string, string | null>>>;
  alter: Admin['alterTopicConfigs'];
}

/** The admin calls newswire makes on kafkajs. */
export interface KafkajsStyleAdmin {
  listTopics(): Promise<string[]>;
  createTopics(options: {
    waitForLeaders?: boolean;
    topics: {
      topic: string;
      numPartitions: number;
      replicationFactor: number;
      configEntries: { name: string; value: string }[];
    }[];
  }): Promise<unknown>;
  deleteTopics(options: { topics: string[] }): Promise<void>;
  fetchTopicMetadata(options: { topics: string[] }): Promise<{ topics: TopicMetadata[] }>;
  fetchTopicOffsets(topic: string): Promise<{ partition: number; low: string; high: string }[]>;
  fetchOffsets(options: {
    groupId: string;
    topics: string[];
  }): Promise<{ partitions: { partition: number; offset: string }[] }[]>;
}

/** The Admin port over kafkajs's admin. */
export function kafkajsStyleAdmin(
  a: KafkajsStyleAdmin,
  o: {
    close: () => Promise<void>;
    resetGroupOffsets: Admin['resetGroupOffsets'];
    configs: TopicConfigs;
  },
): Admin {
  return {
    ensureTopics: async (specs: TopicSpec[]) => {
      const existing = new Set(await a.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      if (missing.length > 0) {
        await a.createTopics({
          waitForLeaders: true,
          topics: missing.map((s) => ({
            topic: s.name,
            numPartitions: s.partitions,
            replicationFactor: -1,
            configEntries: Object.entries(s.config).map(([name, value]) => ({ name, value })),
          })),
        });
      }
      return missing.map((s) => s.name);
    },
    describeTopics: async (topics, configKeys) => {
      if (topics.length === 0) return [];
      const [described, configs] = await Promise.all([
        a.fetchTopicMetadata({ topics }),
        o.configs.read(topics, configKeys),
      ]);
      return described.topics.map((t): TopicState => ({
        name: t.name,
        partitions: t.partitions.length,
        config: configs.get(t.name),
      }));
    },
    alterTopicConfigs: async (changes) => {
      if (changes.size === 0) return;
      await o.configs.alter(changes);
    },
    deleteTopics: async (names) => {
      if (names.length) await a.deleteTopics({ topics: names });
    },
    listTopics: () => a.listTopics(),
    topicOffsets: async (topic) =>
      (await a.fetchTopicOffsets(topic)).map((t) => ({ partition: t.partition, low: t.low, high: t.high })),
    groupOffsets: async (groupId, topic) => {
      const [res] = await a.fetchOffsets({ groupId, topics: [topic] });
      return (res?.partitions ?? []).map((p) => ({ partition: p.partition, offset: p.offset }));
    },
    resetGroupOffsets: o.resetGroupOffsets,
    close: o.close,
  };
}
