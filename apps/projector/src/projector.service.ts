import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  HEADERS,
  StageError,
  upcastEvent,
  type ArticleEvent,
  type ArticleProjection,
  type DlqErrorCode,
} from '@newswire/contracts';
import { stageGroupId, type AppConfig } from '@newswire/config';
import {
  assertRecordSizes,
  deadLetter,
  describeFailure,
  nextOffset,
  type InMessage,
  type MessageBus,
  type OutMessage,
  type Producer,
  type RunningConsumer,
  type SinkPartition,
} from '@newswire/kafka';
import { messageLogger, type Logger, type StageMetrics } from '@newswire/observability';
import { canonicalJson } from '@newswire/projection';
import {
  BUS,
  CONFIG,
  LOGGER,
  METRICS,
  READ_MODEL_WRITER,
  TOPIC_NAMES,
  ensureTopics,
  logDeadLetter,
} from '@newswire/runtime';
import type { TopicNames } from '@newswire/contracts';
import type { ReadModelWriter } from '@newswire/storage';
import { storeGroups } from './store-groups';
import { tickBatcher } from './tick-batcher';

/**
 * Batches of up to this many events in all share a database transaction. At 500 stories/s a round
 * brings a few events a partition and one transaction for them costs the database less than three;
 * at saturation each partition brings hundreds, and three transactions side by side use both cores.
 */
const STORE_TOGETHER_UP_TO = 100;

interface SinkBatch {
  messages: InMessage[];
  at: SinkPartition;
}

/**
 * article.events.v1 -> PostgreSQL read model + article.projections.v1. The exactly-once sink is the
 * database: each batch's rows, per-article sequences and consumed offsets commit in one transaction,
 * and consumption resumes from the offsets stored there, so a redelivered event changes nothing.
 * Projections are published to the compacted topic inside that transaction, before its commit: a crash
 * in between republishes the same versions (harmless on a compacted topic keyed by article), never loses one.
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private running?: RunningConsumer;
  private producer?: Producer;
  private readonly rewound = new Map<string, string>();
  private searchMerge?: NodeJS.Timeout;

  constructor(
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: StageMetrics,
    @Inject(TOPIC_NAMES) private readonly topics: TopicNames,
    @Inject(READ_MODEL_WRITER) private readonly store: ReadModelWriter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics(this.bus, this.config, this.logger);
    this.producer = await this.bus.producer();
    const group = stageGroupId(this.config.kafka, 'projector');
    const project = tickBatcher((batches: SinkBatch[]) => this.project(batches, group));
    this.running = await this.bus.runSink({
      stage: 'projector',
      groupId: group,
      topics: [this.topics.events],
      sessionTimeoutMs: this.config.kafka.sessionTimeoutMs,
      minRoundMs: this.config.kafka.batchMinIntervalMs,
      startOffsets: async (topic, partition) =>
        (await this.store.committedOffsets(group, topic)).get(partition) ?? '0',
      handleBatch: (messages, at) => project({ messages, at }),
    });
    this.logger.info({ group, input: this.topics.events }, 'projector consuming');
    this.mergeSearchEverySecond();
  }

  /**
   * New articles' search vectors wait in the text index's pending list; merging it here, beside the
   * writes, keeps any batch from merging it itself (see migration 0009_search_pending_list).
   */
  private mergeSearchEverySecond(): void {
    let running = false;
    let failing = false;
    this.searchMerge = setInterval(() => {
      if (running) return;
      running = true;
      this.store
        .mergeSearchPending()
        .then(() => (failing = false))
        .catch((error: unknown) => {
          if (!failing)
            this.logger.warn({ error: String(error) }, 'merging the search index failed; retrying');
          failing = true;
        })
        .finally(() => (running = false));
    }, 1000);
    this.searchMerge.unref();
  }

  /**
   * Stores the batches of the partitions handed over in the same turn (a round of the consumer):
   * small ones together in one database transaction, whose rows, sequences and offsets commit
   * together; large ones each in its own, side by side, so that at saturation the database works on
   * every core. Any failure fails the whole turn: what did commit is delivered again and changes
   * nothing.
   */
  private async project(batches: SinkBatch[], group: string): Promise<(void | { rewindTo: string })[]> {
    const stored = new Map<string, Map<number, string>>();
    for (const topic of new Set(batches.map((b) => b.at.topic)))
      stored.set(topic, await this.store.committedOffsets(group, topic));
    // The database says where each partition stands.
    const froms = batches.map(({ at }) => stored.get(at.topic)!.get(at.partition) ?? '0');
    const outcomes = batches.map(({ messages, at }, i): void | { rewindTo: string } => {
      // Behind what Kafka delivered (a read model rebuilt or switched by `newswire replay`, or
      // restored from a backup): read again from there. A gap made only of transaction markers
      // looks the same; after one rewind to the same place that delivers the same first offset,
      // the gap is known to hold no events.
      const from = froms[i];
      const first = messages[0].offset;
      const key = `${at.topic}:${at.partition}`;
      if (BigInt(from) >= BigInt(first) || this.rewound.get(key) === `${from}>${first}`) return;
      this.rewound.set(key, `${from}>${first}`);
      this.logger.info(
        { ...at, stored: from, delivered: first },
        'read model is behind the consumer: rewinding',
      );
      return { rewindTo: from };
    });
    // What the read model already holds (delivered again after a failed turn) is left out: its
    // events would change nothing, but a dead letter among them would be written twice.
    const kept = batches
      .map(({ messages, at }, i) => ({
        messages: outcomes[i] ? [] : messages.filter((m) => BigInt(m.offset) >= BigInt(froms[i])),
        at,
      }))
      .filter((b) => b.messages.length > 0);
    // Every transaction settled before the turn fails: none is still running when its batches are
    // delivered again.
    const settled = await Promise.allSettled(
      storeGroups(kept, STORE_TOGETHER_UP_TO).map((g) => this.storeTogether(g, group)),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return outcomes;
  }

  /**
   * An event the database refuses for one of its values (SQLSTATE class 22: a time it cannot read,
   * a character it cannot store) would fail its batch at every retry and stop the partition. So
   * after such a failure the batches are stored again one event a transaction, and the event the
   * database refuses on its own goes to the dead-letter topic while its offset moves on.
   */
  private async storeTogether(batches: SinkBatch[], group: string): Promise<void> {
    try {
      await this.storeInOneTransaction(batches, group);
    } catch (error) {
      if (!refusalOf(error)) throw error;
      // Each event in its own transaction, so each commits its offset: a turn that fails later
      // (the database gone) is delivered again and starts past these (see project).
      for (const { messages, at } of batches)
        for (const [i, m] of messages.entries()) {
          const one = {
            messages: [m],
            at: { ...at, nextOffset: i === messages.length - 1 ? at.nextOffset : nextOffset(m.offset) },
          };
          await this.storeInOneTransaction([one], group).catch((error: unknown) => {
            const refused = refusalOf(error);
            if (!refused) throw error;
            return this.storeInOneTransaction([one], group, refused);
          });
        }
    }
  }

  /** Stores one group of batches in one transaction; `refused` dead-letters their events instead. */
  private async storeInOneTransaction(
    batches: SinkBatch[],
    group: string,
    refused?: { code: DlqErrorCode; message: string },
  ): Promise<void> {
    const started = Date.now();
    const events: ArticleEvent[] = [];
    const rejected: OutMessage[] = [];
    for (const m of batches.flatMap((b) => b.messages)) {
      try {
        if (refused) throw new StageError(refused.code, refused.message);
        events.push(upcastEvent(JSON.parse(m.value?.toString('utf8') ?? '')));
      } catch (error) {
        const f = describeFailure(error);
        // What JSON.parse rejects is malformed, as at every other stage; upcastEvent says the rest.
        const code = error instanceof SyntaxError ? 'MALFORMED' : f.code;
        rejected.push(deadLetter(m, this.topics.dlq, 'projector', code, f.message));
        logDeadLetter(this.logger, {
          code,
          message: f.message,
          input: m,
          articleId: m.key?.toString('utf8'),
        });
      }
    }
    const changed = await this.store.applyBatch(
      {
        events,
        // Where the partition is read on from: past the commit markers fetched after the last event.
        // Stored as last event + 1, the next batch (which starts past the marker) looked ahead of the
        // database, and every batch cost a rewind and a second fetch.
        offsets: batches.map(({ at: { topic, partition, nextOffset } }) => ({
          topic,
          partition,
          nextOffset,
        })),
        group,
      },
      // Dead letters and projections go out inside the database transaction, before its commit: a
      // batch that fails is delivered again, and only a committed one is never sent twice.
      { beforeCommit: (projections) => this.publish(projections, rejected) },
    );
    // Counted once the transaction has committed: a failed one is delivered and sent again.
    this.metrics.produced.inc({ stage: 'projector', topic: this.topics.projections }, changed.length);
    for (const r of rejected)
      this.metrics.deadLettered.inc({ stage: 'projector', code: r.headers![HEADERS.dlq.code] });
    for (const { messages, at } of batches) {
      this.metrics.consumed.inc({ stage: 'projector', topic: at.topic }, messages.length);
      this.metrics.setLag('projector', at);
    }
    this.metrics.processingSeconds.observe({ stage: 'projector' }, (Date.now() - started) / 1000);
    if (this.logger.isLevelEnabled('debug')) {
      const lastEvent = new Map(events.map((e) => [e.articleId, e]));
      for (const p of changed) {
        messageLogger(this.logger, {
          traceId: lastEvent.get(p.articleId)?.traceId,
          articleId: p.articleId,
        }).debug({ version: p.version }, 'projection updated');
      }
    }
  }

  private async publish(projections: ArticleProjection[], rejected: OutMessage[]): Promise<void> {
    const messages = projections.map((p) => ({
      topic: this.topics.projections,
      key: p.articleId,
      value: canonicalJson(p),
      headers: { [HEADERS.projectionVersion]: String(p.version) },
    }));
    // A projection grows with its article's history: one the topic would refuse fails the batch
    // here (TOO_LARGE), and storeTogether dead-letters the event that made it so.
    assertRecordSizes(messages);
    if (rejected.length) await this.producer!.send(rejected);
    await this.producer!.send(messages);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.searchMerge);
    await this.running?.stop();
  }
}

/**
 * The dead letter's code and reason when the event is at fault, not the database or the broker:
 * a projection too large for its topic, or one of PostgreSQL's data exceptions (SQLSTATE class 22).
 */
function refusalOf(error: unknown): { code: DlqErrorCode; message: string } | undefined {
  if (error instanceof StageError)
    return error.code === 'TOO_LARGE' ? { code: error.code, message: error.message } : undefined;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('22')) return undefined;
  const message = `the read model refuses a value of this event: ${(error as Error).message}`;
  return { code: 'SCHEMA_VIOLATION', message };
}
