import { applyEvents } from '@newswire/runtime';
import { Controller, Inject, type OnModuleInit } from '@nestjs/common';
import { ClientKafka, Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { defaultRegistry, extractAttributions } from '@newswire/attribution';
import { HEADERS, type ArticleEvent, type EnrichedStoryMessage } from '@newswire/contracts';
import { decide, evolve, initialIndex } from '@newswire/dedup';
import { canonicalJson } from '@newswire/projection';
import type { ReadModelStore } from '@newswire/storage';
import { normalize } from '@newswire/wire-formats';
import { baselineConfig as config } from './baseline.config';

const { topics } = config;

/**
 * The same three stages written the plain NestJS way: one @EventPattern handler per topic on the
 * built-in Kafka transport (one message at a time, offsets auto-committed, no transactions), each
 * emitting to the next topic through ClientKafka and awaiting the send, the last one applying the
 * event to the same read model the projector writes (a database transaction per event) and emitting
 * the projection: the same work as newswire's, written naively.
 */
@Controller()
export class PipelineController implements OnModuleInit {
  private readonly registry = defaultRegistry();
  private index = initialIndex();

  constructor(
    @Inject('KAFKA') private readonly kafka: ClientKafka,
    @Inject('READ_MODEL') private readonly store: ReadModelStore,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.kafka.connect();
  }

  private send(
    topic: string,
    key: string,
    value: string,
    headers?: Record<string, string>,
  ): Promise<unknown> {
    return lastValueFrom(this.kafka.emit(topic, { key, value, headers }));
  }

  @EventPattern(topics.raw)
  async normalize(@Payload() payload: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    const headers = ctx.getMessage().headers ?? {};
    const header = (name: string) => headers[name]?.toString();
    // The transport has already decoded the value (JSON.parse when it parses): re-encode for the parser.
    const bytes = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
    const traceId =
      header(HEADERS.traceId) ?? `${ctx.getTopic()}/${ctx.getPartition()}/${ctx.getMessage().offset}`;
    const receivedAt = header(HEADERS.receivedAt) ?? new Date().toISOString();
    for (const story of normalize(bytes, { source: header(HEADERS.wireSource) })) {
      const message: EnrichedStoryMessage = {
        schemaVersion: 1,
        traceId,
        receivedAt,
        story,
        attributions: extractAttributions(story, this.registry),
        registryVersion: this.registry.version,
      };
      await this.send(topics.enriched, `${story.source}:${story.guid}`, JSON.stringify(message));
    }
  }

  @EventPattern(topics.enriched)
  async curate(@Payload() message: EnrichedStoryMessage, @Ctx() ctx: KafkaContext): Promise<void> {
    const { events } = decide(
      {
        message,
        causation: {
          topic: ctx.getTopic(),
          partition: ctx.getPartition(),
          offset: ctx.getMessage().offset,
          storyKey: `${message.story.source}:${message.story.guid}`,
        },
      },
      this.index,
    );
    for (const e of events) {
      this.index = evolve(this.index, e);
      await this.send(topics.events, e.articleId, JSON.stringify(e));
    }
  }

  @EventPattern(topics.events)
  async projectEvent(@Payload() event: ArticleEvent): Promise<void> {
    const changed = await applyEvents(this.store, { events: [event], offsets: [], group: config.groupId });
    for (const p of changed) {
      await this.send(topics.projections, p.articleId, canonicalJson(p), {
        [HEADERS.projectionVersion]: String(p.version),
      });
    }
  }
}
