import {
  Admin as PAdmin,
  ConfigResourceTypes,
  IncrementalAlterConfigOperationTypes,
  type BaseOptions,
} from '@platformatic/kafka';
import type { TopicSpec } from '@newswire/contracts';
import type { Admin } from '../message-bus.port';
import { PartitionReader } from './platformatic-reader';

/** The Admin port on @platformatic/kafka; `track` registers its close with the bus. */
export function platformaticAdmin(
  base: BaseOptions,
  track: (close: () => Promise<void>) => () => Promise<void>,
): Admin {
  const a = new PAdmin(base);
  const reader = new PartitionReader(base, { maxWaitMs: 0, partitionMaxBytes: 1 });
  const close = track(async () => {
    await reader.close();
    await a.close();
  });
  const partitionsOf = async (topic: string) =>
    (await a.metadata({ topics: [topic] })).topics.get(topic)!.partitionsCount;
  return {
    ensureTopics: async (specs: TopicSpec[]) => {
      const existing = new Set(await a.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      for (const s of missing) {
        await a.createTopics({
          topics: [s.name],
          partitions: s.partitions,
          replicas: -1,
          configs: Object.entries(s.config).map(([name, value]) => ({ name, value })),
        });
      }
      if (missing.length > 0)
        await waitForLeaders(
          a,
          missing.map((s) => s.name),
        );
      return missing.map((s) => s.name);
    },
    describeTopics: async (topics, configKeys) => {
      if (topics.length === 0) return [];
      const [metadata, described] = await Promise.all([
        a.metadata({ topics, forceUpdate: true }),
        a.describeConfigs({
          resources: topics.map((resourceName) => ({
            resourceType: ConfigResourceTypes.TOPIC,
            resourceName,
            configurationKeys: configKeys,
          })),
        }),
      ]);
      return topics.map((name) => ({
        name,
        partitions: metadata.topics.get(name)!.partitionsCount,
        config: Object.fromEntries(
          (described.find((d) => d.resourceName === name)?.configs ?? []).map((c) => [
            c.name,
            c.value ?? null,
          ]),
        ),
      }));
    },
    alterTopicConfigs: async (changes) => {
      if (changes.size === 0) return;
      await a.incrementalAlterConfigs({
        resources: [...changes].map(([resourceName, config]) => ({
          resourceType: ConfigResourceTypes.TOPIC,
          resourceName,
          configs: Object.entries(config).map(([name, value]) => ({
            name,
            configOperation: IncrementalAlterConfigOperationTypes.SET,
            value,
          })),
        })),
      });
    },
    deleteTopics: async (names) => {
      if (names.length) await a.deleteTopics({ topics: names });
    },
    listTopics: () => a.listTopics(),
    topicOffsets: async (topic) => {
      const [low, high] = await Promise.all([
        reader.offsets(topic, 'earliest'),
        reader.offsets(topic, 'latest'),
      ]);
      return high.map((h, partition) => ({ partition, low: String(low[partition]), high: String(h) }));
    },
    groupOffsets: async (groupId, topic) => {
      const partitionIndexes = Array.from({ length: await partitionsOf(topic) }, (_, i) => i);
      const [group] = await a.listConsumerGroupOffsets({
        groups: [{ groupId, topics: [{ name: topic, partitionIndexes }] }],
      });
      const committed = group?.topics.find((t) => t.name === topic)?.partitions ?? [];
      return partitionIndexes.map((partition) => ({
        partition,
        offset: String(committed.find((p) => p.partitionIndex === partition)?.committedOffset ?? -1n),
      }));
    },
    resetGroupOffsets: async (groupId, topic, to) => {
      const offsets = await reader.offsets(topic, to);
      await a.alterConsumerGroupOffsets({
        groupId,
        topics: [
          { name: topic, partitionOffsets: offsets.map((offset, partition) => ({ partition, offset })) },
        ],
      });
    },
    close,
  };
}

/** Creating a topic returns before its partitions have leaders: wait, so that the first send lands. */
async function waitForLeaders(a: PAdmin, topics: string[]): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const metadata = await a.metadata({ topics, forceUpdate: true }).catch(() => undefined);
    const ready = topics.every((t) => metadata?.topics.get(t)?.partitions.every((p) => p.leader >= 0));
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
