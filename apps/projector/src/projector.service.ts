import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { stageGroupId, type AppConfig } from '@newswire/config';
import type { TopicNames } from '@newswire/contracts';
import type { MessageBus, RunningConsumer } from '@newswire/kafka';
import type { Logger, StageMetrics } from '@newswire/observability';
import {
  BUS,
  CONFIG,
  LOGGER,
  METRICS,
  READ_MODEL_WRITER,
  TOPIC_NAMES,
  ensureTopics,
  runArticleSink,
} from '@newswire/runtime';
import type { ReadModelWriter } from '@newswire/storage';

/**
 * article.events.v1 -> PostgreSQL read model + article.projections.v1, through the runtime's
 * article sink: the exactly-once sink is the database (each batch's rows, per-article sequences and
 * consumed offsets commit in one transaction, and consumption resumes from the offsets stored
 * there), and projections are published inside that transaction, before its commit.
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private running?: RunningConsumer;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: StageMetrics,
    @Inject(TOPIC_NAMES) private readonly topics: TopicNames,
    @Inject(READ_MODEL_WRITER) private readonly writer: ReadModelWriter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics(this.bus, this.config, this.logger);
    const group = stageGroupId(this.config.kafka, 'projector');
    this.running = await runArticleSink(
      { bus: this.bus, writer: this.writer, logger: this.logger, metrics: this.metrics },
      {
        stage: 'projector',
        group,
        input: this.topics.events,
        dlqTopic: this.topics.dlq,
        projectionsTopic: this.topics.projections,
        sessionTimeoutMs: this.config.kafka.sessionTimeoutMs,
        minRoundMs: this.config.kafka.batchMinIntervalMs,
        otlpEndpoint: this.config.otlpEndpoint,
      },
    );
    this.logger.info({ group, input: this.topics.events }, 'projector consuming');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }
}
