import type { KafkaClient } from '@newswire/config';
import { ConfluentBus } from './confluent-bus';
import type { KafkaConnection } from './kafka-connection';
import { KafkajsBus } from './kafkajs-bus';
import type { MessageBus } from './message-bus.port';

/**
 * The message bus on the configured client (KAFKA_CLIENT, @platformatic/kafka by default). A client
 * library is loaded only when chosen (ConfluentBus loads its native module itself; the ESM-only
 * @platformatic/kafka is required here), so that one that cannot load breaks nothing else.
 */
export function createMessageBus(connection: KafkaConnection, client: KafkaClient): MessageBus {
  switch (client) {
    case 'kafkajs':
      return new KafkajsBus(connection);
    case 'platformatic': {
      const { PlatformaticBus } = require('./platformatic-bus') as typeof import('./platformatic-bus');
      return new PlatformaticBus(connection);
    }
    case 'confluent':
      return new ConfluentBus(connection);
  }
}
