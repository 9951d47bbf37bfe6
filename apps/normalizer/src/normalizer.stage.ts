import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { defaultRegistry } from '@newswire/attribution';
import type { AppConfig } from '@newswire/config';
import { TOPICS, type TopicNames } from '@newswire/contracts';
import type { InMessage, OutMessage } from '@newswire/kafka';
import type { Logger } from '@newswire/observability';
import { CONFIG, LOGGER, TOPIC_NAMES } from '@newswire/runtime';
import { normalizeRaw } from './normalize.handler';

@Controller()
export class NormalizerStage {
  private readonly registry = defaultRegistry();

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(TOPIC_NAMES) private readonly topics: TopicNames,
  ) {
    logger.info({ registryVersion: this.registry.version }, 'outlet registry loaded');
  }

  @EventPattern(TOPICS.raw)
  normalize(@Payload() m: InMessage): OutMessage[] {
    return normalizeRaw(m, this.topics.enriched, this.config.maxInputBytes, this.registry, this.logger);
  }
}
