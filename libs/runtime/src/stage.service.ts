import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@newswire/config';
import type { MessageBus, RunningConsumer } from '@newswire/kafka';
import type { Logger, StageMetrics } from '@newswire/observability';
import { BUS, CONFIG, LOGGER, METRICS, TOPIC_NAMES } from './runtime.tokens';
import { runStage, type StageSpec } from './stage-runner';
import type { TopicNames } from '@newswire/contracts';

/**
 * A pipeline stage as a Nest provider: starts its transactional loop when the app boots and
 * leaves the group cleanly on shutdown. Subclasses only say what the stage is (`spec`).
 */
@Injectable()
export abstract class StageService implements OnApplicationBootstrap, OnApplicationShutdown {
  private running?: RunningConsumer;

  constructor(
    @Inject(BUS) readonly bus: MessageBus,
    @Inject(CONFIG) readonly config: AppConfig,
    @Inject(LOGGER) readonly logger: Logger,
    @Inject(METRICS) readonly metrics: StageMetrics,
    @Inject(TOPIC_NAMES) readonly topics: TopicNames,
  ) {}

  protected abstract spec(): StageSpec | Promise<StageSpec>;

  async onApplicationBootstrap(): Promise<void> {
    this.running = await runStage(this, await this.spec());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }
}
