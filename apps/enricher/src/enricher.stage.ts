import { Injectable } from '@nestjs/common';
import { defaultRegistry } from '@newswire/attribution';
import { StageService, type StageSpec } from '@newswire/runtime';
import { enrichNormalized } from './enrich.handler';

@Injectable()
export class EnricherStage extends StageService {
  protected spec(): StageSpec {
    const registry = defaultRegistry();
    this.logger.info({ registryVersion: registry.version }, 'outlet registry loaded');
    return {
      name: 'enricher',
      input: this.topics.normalized,
      dlq: this.topics.dlq,
      handler: (m) => enrichNormalized(m, this.topics.enriched, registry),
    };
  }
}
