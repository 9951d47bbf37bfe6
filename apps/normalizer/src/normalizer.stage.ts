import { Injectable } from '@nestjs/common';
import { StageService, type StageSpec } from '@newswire/runtime';
import { normalizeRaw } from './normalize.handler';

@Injectable()
export class NormalizerStage extends StageService {
  protected spec(): StageSpec {
    return {
      name: 'normalizer',
      input: this.topics.raw,
      dlq: this.topics.dlq,
      handler: (m) => normalizeRaw(m, this.topics.normalized, this.config.maxInputBytes),
    };
  }
}
