import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@newswire/config';
import { createMessageBus, type MessageBus } from '@newswire/kafka';
import { StageMetrics, createLogger, type Logger } from '@newswire/observability';
import { BUS, CONFIG, LOGGER, METRICS, TOPIC_NAMES } from './runtime.tokens';
import { topicNames } from '@newswire/contracts';

export function createBus(config: AppConfig, logger: Logger, service: string): MessageBus {
  // Which client an app runs on is said once at start: the e2e tests check it reached the apps.
  logger.info({ kafkaClient: config.kafka.client }, 'kafka client');
  return createMessageBus(
    {
      brokers: config.kafka.brokers,
      clientId: `${config.kafka.clientId}-${service}`,
      ssl: config.kafka.ssl,
      sasl: config.kafka.sasl,
      log: (level, message, extra) => logger[level as 'info'](extra, message),
    },
    config.kafka.client,
  );
}

/** What every app shares: validated config, a pino logger, the message bus, metrics, topic names. */
@Global()
@Module({})
export class RuntimeModule implements OnApplicationShutdown {
  constructor(@Inject(BUS) private readonly bus: MessageBus) {}

  static forRoot(service: string, config: AppConfig = loadConfig()): DynamicModule {
    const logger = createLogger(service, config.logLevel);
    return {
      module: RuntimeModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS, useValue: new StageMetrics(service) },
        {
          provide: TOPIC_NAMES,
          useValue: topicNames(config.kafka.topicPrefix, config.kafka.eventsGeneration),
        },
        { provide: BUS, useFactory: () => createBus(config, logger, service) },
      ],
      exports: [CONFIG, LOGGER, METRICS, TOPIC_NAMES, BUS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}
