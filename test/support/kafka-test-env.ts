import { createMessageBus, bootstrapTopics, type InMessage, type MessageBus } from '@newswire/kafka';
import { topicNames, type TopicNames } from '@newswire/contracts';
import { loadConfig, type KafkaClient } from '@newswire/config';

/** A topic namespace of its own for each test file, so tests never see each other's messages. */
export function uniquePrefix(name: string): string {
  return `t.${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.`;
}

export function brokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
}

/** The client the tests run on: KAFKA_CLIENT, as the apps they start read it. */
export function kafkaClient(): KafkaClient {
  return loadConfig({ KAFKA_CLIENT: process.env.KAFKA_CLIENT }).kafka.client;
}

export function testBus(clientId = 'newswire-test', client = kafkaClient()): MessageBus {
  return createMessageBus({ brokers: brokers(), clientId }, client);
}

export async function createTopics(bus: MessageBus, prefix: string, partitions = 3): Promise<TopicNames> {
  await bootstrapTopics(bus, { topicPrefix: prefix, partitions });
  return topicNames(prefix);
}

/** Everything committed on a topic right now, in partition then offset order. */
export async function readAll(bus: MessageBus, topic: string): Promise<InMessage[]> {
  const out: InMessage[] = [];
  await bus.readToEnd(topic, (batch) => {
    out.push(...batch);
  });
  return out.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30000,
  everyMs = 250,
  diagnose?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  const why = lastError ? `: ${String(lastError)}` : '';
  throw new Error(`condition not met within ${timeoutMs} ms${why}${diagnose ? `\n${diagnose()}` : ''}`);
}
