import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AppConfig } from '@newswire/config';
import { EnrichedStoryMessage, HEADERS, RetryableError, TOPICS, type TopicNames } from '@newswire/contracts';
import { decide, evolve, initialIndex, type CuratorIndex } from '@newswire/dedup';
import {
  articleEventMessage,
  articleEventOf,
  assertRecordSizes,
  type InMessage,
  type MessageBus,
  type OutMessage,
} from '@newswire/kafka';
import { messageLogger, type Logger } from '@newswire/observability';
import { BUS, CONFIG, LOGGER, TOPIC_NAMES, parseMessage, type StageContext } from '@newswire/runtime';

/**
 * The single writer of article.events.v1. Its index is a fold over the log: rebuilt (read_committed)
 * whenever it is assigned its one input partition — after its fresh transactional producer has fenced
 * any previous writer — and after an aborted transaction (a new epoch of its StageContext), so it
 * never holds state the log lacks.
 */
@Controller()
export class CuratorStage {
  private index: CuratorIndex;
  /** The epoch the index was folded in; none before the first. */
  private builtIn?: number;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) protected readonly logger: Logger,
    @Inject(TOPIC_NAMES) private readonly topics: TopicNames,
  ) {
    this.index = this.emptyIndex();
  }

  @EventPattern(TOPICS.enriched)
  async curate(@Payload() m: InMessage, @Ctx() context: StageContext): Promise<OutMessage[]> {
    if (this.builtIn !== context.epoch)
      await this.rebuild(context).catch((error: unknown) => {
        // The log could not be read (the broker away): the story is fine, so it is not
        // dead-lettered; its transaction aborts and it comes again once the log answers.
        throw new RetryableError(
          `rebuilding the curator's index from the event log failed: ${String(error)}`,
          {
            cause: error,
          },
        );
      });
    const message = parseMessage(m, EnrichedStoryMessage);
    const { decision, events } = decide(
      {
        message,
        causation: {
          topic: m.topic,
          partition: m.partition,
          offset: m.offset,
          storyKey: m.key?.toString() ?? '',
        },
      },
      this.index,
    );
    const out = events.map((e) => articleEventMessage(this.topics.events, e));
    // Before the index takes the events in: an event too large to write must leave no trace there.
    assertRecordSizes(out);
    for (const e of events) this.index = evolve(this.index, e);
    if (this.logger.isLevelEnabled('debug')) {
      messageLogger(this.logger, { traceId: message.traceId, articleId: decision.articleId }).debug(
        { decision: decision.kind, match: decision.match, events: events.length },
        'story curated',
      );
    }
    return out;
  }

  private emptyIndex(): CuratorIndex {
    return initialIndex({ windowHours: this.config.dedup.windowDays * 24 });
  }

  /** A long log takes longer than a session timeout to fold: heartbeats keep the partition meanwhile. */
  private async rebuild(context: StageContext): Promise<void> {
    let lastBeat = Date.now();
    const started = Date.now();
    let index = this.emptyIndex();
    let unreadable = 0;
    const count = await this.bus.readToEnd(this.topics.events, (batch) => {
      for (const m of batch) {
        try {
          index = evolve(index, articleEventOf(m));
        } catch (error) {
          // Not one of ours (the curator validates what it writes, and names its articles): the
          // projector dead-letters it; here it must not stop the log's single writer.
          unreadable++;
          messageLogger(this.logger, {
            traceId: m.headers[HEADERS.traceId],
            articleId: m.key?.toString('utf8'),
          }).error(
            { partition: m.partition, offset: m.offset, err: error },
            'unreadable event in the log skipped',
          );
        }
      }
      if (Date.now() - lastBeat > 1000) {
        lastBeat = Date.now();
        return context.heartbeat();
      }
    });
    if (unreadable) this.logger.warn({ unreadable }, 'the event log holds events the curator could not read');
    this.index = index;
    this.builtIn = context.epoch;
    this.logger.info({ events: count, ms: Date.now() - started }, 'curator index rebuilt from the event log');
  }
}
