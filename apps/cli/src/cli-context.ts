import { loadConfig, type AppConfig } from '@newswire/config';
import { createMessageBus, type MessageBus } from '@newswire/kafka';
import { topicNames, type TopicNames } from '@newswire/contracts';

export interface CliContext {
  config: AppConfig;
  bus: MessageBus;
  topics: TopicNames;
}

/** Runs a command with the configured bus and topic names, and closes the bus after. */
export async function withBus<T>(
  fn: (ctx: CliContext) => Promise<T>,
  env: Record<string, string | undefined> = process.env,
): Promise<T> {
  const config = loadConfig(env);
  const bus = createMessageBus(
    {
      brokers: config.kafka.brokers,
      clientId: `${config.kafka.clientId}-cli`,
      ssl: config.kafka.ssl,
      sasl: config.kafka.sasl,
    },
    config.kafka.client,
  );
  try {
    return await fn({
      config,
      bus,
      topics: topicNames(config.kafka.topicPrefix, config.kafka.eventsGeneration),
    });
  } finally {
    await bus.close();
  }
}
