import { topicSpecs } from '@newswire/contracts';
import { loadConfig, type KafkaClient } from '@newswire/config';
import { createMessageBus, type MessageBus } from '@newswire/kafka';

/** Where a bench finds the broker and the database, and the namespace it owns for one run. */
export interface BenchEnv {
  brokers: string[];
  databaseUrl: string;
  /** Topic prefix of this run (`b.<bench>.<id>.`): nothing else reads or writes these topics. */
  prefix: string;
  /** PostgreSQL schema of this run; dropped at the end. */
  schema: string;
}

export function benchEnv(bench: string): BenchEnv {
  const id = Date.now().toString(36);
  return {
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    prefix: `b.${bench}.${id}.`,
    schema: `bench_${bench}_${id}`,
  };
}

/** The client a bench runs on: KAFKA_CLIENT, as the apps it starts read it. */
export function benchClient(): KafkaClient {
  return loadConfig({ KAFKA_CLIENT: process.env.KAFKA_CLIENT }).kafka.client;
}

export function benchBus(env: BenchEnv, clientId: string, client = benchClient()): MessageBus {
  return createMessageBus({ brokers: env.brokers, clientId }, client);
}

export { dropSchemas, sqlQuery } from '../../../test/support/database';

/** Deletes every topic of the run's prefix. */
export async function deleteTopics(bus: MessageBus, prefix: string): Promise<void> {
  const admin = await bus.admin();
  try {
    await admin.deleteTopics((await admin.listTopics()).filter((t) => t.startsWith(prefix)));
  } finally {
    await admin.close();
  }
}

/**
 * libs/kafka writes all of a batch's messages for one partition as ONE record batch, which the
 * broker refuses above max.message.bytes (1 MB by default): 500 enriched stories (~5.6 kB each) on
 * the one-partition wire.enriched.v1, or a projector batch's projections, fail with
 * MESSAGE_TOO_LARGE and are retried for ever. Until libs/kafka splits sends, the bench's topics
 * accept 16 MB batches (the bench's own producers write large batches too).
 */
const MAX_MESSAGE_BYTES = String(16 * 1024 * 1024);

/** The topics of libs/contracts under `prefix`, created before any app starts (apps leave existing topics alone). */
export async function createBenchTopics(bus: MessageBus, prefix: string, partitions: number): Promise<void> {
  const admin = await bus.admin();
  try {
    await admin.ensureTopics(
      topicSpecs(prefix, partitions).map((s) => ({
        ...s,
        config: { ...s.config, 'max.message.bytes': MAX_MESSAGE_BYTES },
      })),
    );
  } finally {
    await admin.close();
  }
}
