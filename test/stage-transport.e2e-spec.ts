import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { loadConfig } from '@newswire/config';
import { StageError, TOPICS, topicNames } from '@newswire/contracts';
import type { InMessage, MessageBus, OutMessage } from '@newswire/kafka';
import { createLogger, StageMetrics } from '@newswire/observability';
import { StageErrorFilter, StageTransport } from '@newswire/runtime';
import {
  brokers,
  createTopics,
  eventually,
  kafkaClient,
  readAll,
  testBus,
  uniquePrefix,
} from './support/kafka-test-env';

const prefix = uniquePrefix('stage-transport');
const topics = topicNames(prefix);

@Controller()
class UpperCaseStage {
  // The topic's name in TOPICS: the transport reads it under the deployment's prefix.
  @EventPattern(TOPICS.raw)
  upper(@Payload() m: InMessage): OutMessage[] {
    const text = m.value?.toString('utf8') ?? '';
    if (text === 'boom') throw new StageError('MALFORMED', 'not a story');
    return [{ topic: topics.enriched, key: m.key?.toString('utf8') ?? null, value: text.toUpperCase() }];
  }
}

@Module({ controllers: [UpperCaseStage] })
class StageModule {}

/** A stage written as a Nest microservice: @EventPattern handlers over the transactional runner. */
describe('StageTransport', () => {
  let bus: MessageBus;

  beforeAll(async () => {
    bus = testBus();
    await createTopics(bus, prefix);
  });
  afterAll(() => bus.close());

  it('writes each output once, in the transaction of its input, and dead-letters what the handler refuses', async () => {
    const config = loadConfig({
      KAFKA_BROKERS: brokers().join(','),
      KAFKA_CLIENT: kafkaClient(),
      TOPIC_PREFIX: prefix,
      GROUP_PREFIX: prefix.slice(0, -1),
      TOPIC_PARTITIONS: '3',
    });
    const logger = createLogger('stage-transport-test', 'warn');
    const strategy = new StageTransport(
      { bus, config, logger, metrics: new StageMetrics('stage-transport-test') },
      'upper',
    );
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(StageModule, {
      strategy,
      logger: false,
    });
    app.useGlobalFilters(new StageErrorFilter());
    await app.listen();
    try {
      const producer = await bus.producer();
      await producer.send(['a', 'boom', 'b'].map((value) => ({ topic: topics.raw, key: 'k', value })));
      await producer.close();
      const outputs = await eventually(async () => {
        const out = await readAll(bus, topics.enriched);
        return out.length >= 2 ? out : undefined;
      }, 30000);
      expect(outputs.map((m) => m.value?.toString())).toEqual(['A', 'B']);
      const dead = await readAll(bus, topics.dlq);
      expect(dead).toHaveLength(1);
      expect(dead[0].value?.toString()).toBe('boom');
      expect(dead[0].headers['dlq-error-code']).toBe('MALFORMED');
    } finally {
      await app.close();
    }
  }, 60000);
});
