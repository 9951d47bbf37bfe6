import type { TopicSpec } from '@newswire/contracts';
import type { Admin } from './message-bus.port';
import { NO_CONFIG_ACCESS, type TopicState } from './topic-drift';

type TopicMetadata = { name: string; partitions: unknown[] };

/** Reading and setting topic configs, which kafkajs can do and confluent's compatible admin cannot. */
export interface TopicConfigs {
  read(names: string[], keys: string[]): Promise<Map<string, Record<string, string | null>>>;
  alter: Admin['alterTopicConfigs'];
}

/** The admin calls newswire makes on kafkajs, and on confluent's kafkajs-compatible API. */
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
  /** kafkajs wraps the list in `{ topics }`; confluent's compatible API returns it bare. */
  fetchTopicMetadata(options: { topics: string[] }): Promise<TopicMetadata[] | { topics: TopicMetadata[] }>;
  fetchTopicOffsets(topic: string): Promise<{ partition: number; low: string; high: string }[]>;
  fetchOffsets(options: {
    groupId: string;
    topics: string[];
  }): Promise<{ partitions: { partition: number; offset: string }[] }[]>;
}

/** The Admin port over a kafkajs-style admin; the two clients differ only in resetting a group. */
export function kafkajsStyleAdmin(
  a: KafkajsStyleAdmin,
  o: {
    close: () => Promise<void>;
    /** kafkajs can wait for the new partitions' leaders; confluent's compatible API cannot. */
    waitForLeaders: boolean;
    resetGroupOffsets: Admin['resetGroupOffsets'];
    configs?: TopicConfigs;
  },
): Admin {
  return {
    ensureTopics: async (specs: TopicSpec[]) => {
      const existing = new Set(await a.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      if (missing.length > 0) {
        await a.createTopics({
          ...(o.waitForLeaders ? { waitForLeaders: true } : {}),
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
        o.configs?.read(topics, configKeys),
      ]);
      const metadata = Array.isArray(described) ? described : described.topics;
      return metadata.map((t): TopicState => ({
        name: t.name,
        partitions: t.partitions.length,
        config: configs?.get(t.name),
      }));
    },
    alterTopicConfigs: async (changes) => {
      if (changes.size === 0) return;
      if (!o.configs) throw new Error(NO_CONFIG_ACCESS);
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
