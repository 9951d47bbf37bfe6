import type { KafkaClient } from '@newswire/config';
import type { KafkaConnection } from './shared/kafka-connection';
import { KafkajsBus } from './kafkajs/kafkajs-bus';
import type { MessageBus } from './message-bus.port';

/**
 * The message bus on the configured client (KAFKA_CLIENT, @platformatic/kafka by default). The
 * ESM-only @platformatic/kafka is required only when chosen, so that kafkajs runs without loading it.
 */
export function createMessageBus(connection: KafkaConnection, client: KafkaClient): MessageBus {
  switch (client) {
    case 'kafkajs':
      return new KafkajsBus(connection);
    case 'platformatic': {
      const { PlatformaticBus } =
        require('./platformatic/platformatic-bus') as typeof import('./platformatic/platformatic-bus');
      return new PlatformaticBus(connection);
    }
  }
}
