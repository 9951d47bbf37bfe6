import { Injectable } from '@nestjs/common';
import { defaultRegistry } from '@newswire/attribution';
import { StageService, type StageSpec } from '@newswire/runtime';
import { normalizeRaw } from './normalize.handler';

@Injectable()
export class NormalizerStage extends StageService {
  protected spec(): StageSpec {
    const registry = defaultRegistry();
    this.logger.info({ registryVersion: registry.version }, 'outlet registry loaded');
    return {
      name: 'normalizer',
      input: this.topics.raw,
      dlq: this.topics.dlq,
      handler: (m) => normalizeRaw(m, this.topics.enriched, this.config.maxInputBytes, registry, this.logger),
    };
  }
}
