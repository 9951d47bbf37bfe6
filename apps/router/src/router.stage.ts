import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AppConfig } from '@newswire/config';
import {
  ArticleProjection,
  HEADERS,
  RetryableError,
  TOPICS,
  subscriptionTopic,
  type TopicNames,
} from '@newswire/contracts';
import {
  rawTrace,
  type InMessage,
  type MessageBus,
  type OutMessage,
  type TopicOffsets,
} from '@newswire/kafka';
import { messageLogger, type Logger } from '@newswire/observability';
import { FORMAT_CONTENT_TYPES, RouterState, routeArticle } from '@newswire/routing';
import { BUS, CONFIG, LOGGER, TOPIC_NAMES, parseMessage, type StageContext } from '@newswire/runtime';
import { SubscriptionsSource } from './subscriptions.source';

/**
 * article.projections.v1 -> one topic per subscription, `article.out.v1.<name>`, with what each
 * subscriber has been sent of each article on `router.state.v1`, in the SAME transaction as the
 * deliveries and the input offsets: exactly once. The state of input partition p is written to
 * partition p of the state topic, and held in memory per partition as a fold of it, read again for
 * a partition at its first message in a new epoch of its StageContext (after an assignment or an
 * aborted transaction): so it never holds what did not commit, and reading one partition's never
 * drops another's that is in flight (kafkajs runs a transaction per partition, side by side).
 */
@Controller()
export class RouterStage {
  private readonly states = new Map<number, RouterState>();
  /** The epoch of the StageContext each partition's state was read in. */
  private readonly builtIn = new Map<number, number>();

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(TOPIC_NAMES) private readonly topics: TopicNames,
    @Inject(SubscriptionsSource) private readonly subscriptions: SubscriptionsSource,
  ) {}

  @EventPattern(TOPICS.projections)
  async route(@Payload() m: InMessage, @Ctx() context: StageContext): Promise<OutMessage[]> {
    if (this.builtIn.get(m.partition) !== context.epoch)
      await this.rebuild(m.partition, context).catch((error: unknown) => {
        // The state topic could not be read: the projection is fine, so it comes again later.
        throw new RetryableError(`rebuilding the router state failed: ${String(error)}`, { cause: error });
      });
    const p = parseMessage(m, ArticleProjection);
    const known = this.states.get(m.partition)!;
    const { deliveries, state } = routeArticle(this.subscriptions.list, known.of(p.articleId), p);
    if (!deliveries.length) return [];
    const { traceId } = rawTrace(m);
    const out: OutMessage[] = deliveries.map((d) => ({
      topic: subscriptionTopic(this.config.kafka.topicPrefix, d.subscription.name),
      key: p.articleId,
      value: d.body,
      headers: {
        [HEADERS.projectionVersion]: String(p.version),
        [HEADERS.signal]: d.signal,
        [HEADERS.traceId]: traceId,
        [HEADERS.contentType]: FORMAT_CONTENT_TYPES[d.subscription.format],
      },
    }));
    out.push({
      topic: this.topics.routerState,
      partition: m.partition,
      key: p.articleId,
      value: known.set(p.articleId, state),
    });
    if (this.logger.isLevelEnabled('debug')) {
      messageLogger(this.logger, { traceId, articleId: p.articleId }).debug(
        { version: p.version, deliveries: deliveries.map((d) => `${d.subscription.name}:${d.signal}`) },
        'projection routed',
      );
    }
    return out;
  }

  private async rebuild(partition: number, context: StageContext): Promise<void> {
    const started = Date.now();
    let lastBeat = Date.now();
    const state = new RouterState();
    // Only this partition: the others start at their end (and what a reader finds there is skipped).
    const admin = await this.bus.admin();
    let offsets: TopicOffsets[];
    try {
      offsets = await admin.topicOffsets(this.topics.routerState);
    } finally {
      await admin.close();
    }
    const from = Object.fromEntries(
      offsets.map((o) => [o.partition, o.partition === partition ? o.low : o.high]),
    );
    await this.bus.readToEnd(
      this.topics.routerState,
      (batch) => {
        for (const m of batch) {
          if (m.partition !== partition) continue;
          try {
            if (m.value) state.apply(m.value.toString('utf8'));
          } catch (error) {
            this.logger.error(
              { partition: m.partition, offset: m.offset, err: error },
              'unreadable router state record skipped',
            );
          }
        }
        if (Date.now() - lastBeat > 1000) {
          lastBeat = Date.now();
          return context.heartbeat();
        }
      },
      { from },
    );
    this.states.set(partition, state);
    this.builtIn.set(partition, context.epoch);
    this.logger.info({ partition, articles: state.size, ms: Date.now() - started }, 'router state rebuilt');
  }
}
