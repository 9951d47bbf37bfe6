import { loadConfig } from '@newswire/config';
import { KafkajsBus, bootstrapTopics } from '@newswire/kafka';
import type { CliIo } from '../command';

/** `newswire topics`: creates the topics of DESIGN.md that are missing (idempotent). */
export async function run(_args: string[], io: CliIo): Promise<number> {
  const config = loadConfig();
  const bus = new KafkajsBus({ brokers: config.kafka.brokers, clientId: 'newswire-cli', ssl: config.kafka.ssl, sasl: config.kafka.sasl });
  try {
    const created = await bootstrapTopics(bus, config.kafka.topicPrefix, config.kafka.partitions);
    io.out(JSON.stringify({ created }));
    return 0;
  } finally {
    await bus.close();
  }
}
