import { Controller, Get, Inject } from '@nestjs/common';
import type { AppConfig } from '@newswire/config';
import { asyncApiDocument } from '@newswire/contracts';
import { CONFIG } from '@newswire/runtime';

/** The AsyncAPI 3 document of the topics this deployment writes, built once from libs/contracts. */
@Controller()
export class AsyncApiController {
  private readonly document: ReturnType<typeof asyncApiDocument>;

  constructor(@Inject(CONFIG) config: AppConfig) {
    this.document = asyncApiDocument({
      prefix: config.kafka.topicPrefix,
      eventsGeneration: config.kafka.eventsGeneration,
    });
  }

  @Get('asyncapi.json')
  get(): ReturnType<typeof asyncApiDocument> {
    return this.document;
  }
}
