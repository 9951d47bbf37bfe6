import { topicNames } from '@newswire/contracts';

/**
 * The baseline's settings. Read once from the environment the bench starts it with; its topic
 * names must exist when the handlers' decorators are evaluated, hence a module-level constant.
 */
export const baselineConfig = {
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  topics: topicNames(process.env.TOPIC_PREFIX ?? 'nest.'),
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  schema: process.env.DB_SCHEMA ?? 'nest_baseline',
  groupId: process.env.GROUP_ID ?? 'nest-baseline',
};
