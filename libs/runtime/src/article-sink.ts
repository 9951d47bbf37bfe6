import {
  HEADERS,
  StageError,
  type ArticleEvent,
  type ArticleProjection,
  type DlqErrorCode,
} from '@newswire/contracts';
import {
  articleEventOf,
  assertRecordSizes,
  deadLetter,
  describeFailure,
  nextOffset,
  type InMessage,
  type OutMessage,
  type Producer,
} from '@newswire/kafka';
import {
  TRACEPARENT,
  endSpan,
  messageLogger,
  parentContext,
  startSpan,
  traceparentOf,
  type Logger,
  type StageMetrics,
} from '@newswire/observability';
import type { Span, Tracer } from '@opentelemetry/api';
import { canonicalJson } from '@newswire/projection';
import type { FoldedBatch, OffsetCommit, ReadModelWriter, WriterTransaction } from '@newswire/storage';
import { foldEvents } from './fold-events';
import { logDeadLetter } from './stage-runner';

/** Messages of one partition, and where the partition is read on from after them. */
export interface SinkBatch {
  messages: InMessage[];
  at: {
    topic: string;
    partition: number;
    nextOffset: string;
    /** The partition's high watermark when the batch was fetched (for the lag), when known. */
    highWatermark?: string;
  };
}

/** A group of batches decoded and folded, ready to be stored in one transaction. */
export interface FoldedBatches {
  batches: SinkBatch[];
  events: ArticleEvent[];
  /** Dead letters of the messages that are no event (or that the read model refuses). */
  rejected: OutMessage[];
  folded: FoldedBatch & { changed: ArticleProjection[] };
}

export interface ArticleSinkOptions {
  writer: ReadModelWriter;
  /** Whose offsets the read model stores (the projector's group, which a rebuild takes over). */
  group: string;
  logger: Logger;
  stage: string;
  /**
   * Where changed projections and dead letters go, inside the database transaction; none for a
   * rebuild, whose events the live projector has published and dead-lettered already.
   */
  publish?: { producer: Producer; projectionsTopic: string; dlqTopic: string };
  metrics?: StageMetrics;
  /**
   * A span per published projection, continuing the trace of the article's last event in the
   * batch, whose traceparent the projection carries on: one story is one trace to its projection.
   */
  tracer?: Tracer;
}

/**
 * The read model's exactly-once sink: decodes article events, folds them over the stored rows and
 * stores the rows with the offsets they were read to in ONE transaction, publishing the changed
 * projections (and dead letters) inside it, before its commit. A redelivered batch changes nothing;
 * a crash before the commit republishes the same versions (harmless on a compacted topic keyed by
 * article), never loses one.
 */
export class ArticleSink {
  constructor(private readonly o: ArticleSinkOptions) {}

  /** Decodes and folds `batches` over what `load` finds stored; `refused` dead-letters them all instead. */
  async fold(
    batches: SinkBatch[],
    load: (ids: string[]) => Promise<Map<string, ArticleProjection>>,
    refused?: { code: DlqErrorCode; message: string },
  ): Promise<FoldedBatches> {
    const events: ArticleEvent[] = [];
    const rejected: OutMessage[] = [];
    for (const m of batches.flatMap((b) => b.messages)) {
      try {
        if (refused) throw new StageError(refused.code, refused.message);
        events.push(articleEventOf(m));
      } catch (error) {
        const { code, message } = describeFailure(error);
        const articleId = m.key?.toString('utf8');
        if (this.o.publish) {
          rejected.push(deadLetter(m, this.o.publish.dlqTopic, this.o.stage, code, message));
          logDeadLetter(this.o.logger, { code, message, input: m, articleId });
        } else
          this.o.logger.warn(
            { code, reason: message, articleId, partition: m.partition, offset: m.offset },
            'event skipped (the live projector dead-letters it)',
          );
      }
    }
    const stored = await load([...new Set(events.map((e) => e.articleId))]);
    return { batches, events, rejected, folded: foldEvents(stored, events) };
  }

  /** Stores what `fold` made in `trx`, and publishes it before the commit. */
  async store(trx: WriterTransaction, { batches, rejected, folded }: FoldedBatches): Promise<void> {
    // Where the partition is read on from: past the commit markers fetched after the last event.
    // Stored as last event + 1, the next batch (which starts past the marker) looked ahead of the
    // database, and every batch cost a rewind and a second fetch.
    const offsets: OffsetCommit[] = batches.map(({ at: { topic, partition, nextOffset } }) => ({
      topic,
      partition,
      nextOffset,
    }));
    await trx.store(folded, offsets, this.o.group);
    if (this.o.publish) await this.publish(this.o.publish, batches, folded.changed, rejected);
  }

  /** Folds and stores one group of batches in one transaction, over rows it locks. */
  async storeInOneTransaction(
    batches: SinkBatch[],
    refused?: { code: DlqErrorCode; message: string },
  ): Promise<void> {
    const started = Date.now();
    const done = await this.o.writer.transaction(async (trx) => {
      const folded = await this.fold(batches, (ids) => trx.load(ids), refused);
      await this.store(trx, folded);
      return folded;
    });
    this.committed(done, started);
  }

  /**
   * An event the database refuses for one of its values (SQLSTATE class 22: a time it cannot read,
   * a character it cannot store) would fail its batch at every retry and stop the partition. So
   * after such a failure the batches are stored again one event a transaction, and the event the
   * database refuses on its own is dead-lettered while its offset moves on. Returns whether it had to.
   */
  async storeIsolatingRefusals(
    batches: SinkBatch[],
    first: () => Promise<void> = () => this.storeInOneTransaction(batches),
  ): Promise<boolean> {
    try {
      await first();
      return false;
    } catch (error) {
      if (!refusalOf(error)) throw error;
    }
    // Each event in its own transaction, so each commits its offset: a turn that fails later
    // (the database gone) is delivered again and starts past these.
    for (const { messages, at } of batches)
      for (const [i, m] of messages.entries()) {
        const one = {
          messages: [m],
          at: { ...at, nextOffset: i === messages.length - 1 ? at.nextOffset : nextOffset(m.offset) },
        };
        await this.storeInOneTransaction([one]).catch((error: unknown) => {
          const refused = refusalOf(error);
          if (!refused) throw error;
          return this.storeInOneTransaction([one], refused);
        });
      }
    return true;
  }

  /** Counted once the transaction has committed: a failed one is delivered and sent again. */
  committed({ batches, events, rejected, folded }: FoldedBatches, started: number): void {
    const { metrics, stage, logger, publish } = this.o;
    if (metrics) {
      if (publish) metrics.produced.inc({ stage, topic: publish.projectionsTopic }, folded.changed.length);
      for (const r of rejected) metrics.deadLettered.inc({ stage, code: r.headers![HEADERS.dlq.code] });
      for (const { messages, at } of batches) {
        metrics.consumed.inc({ stage, topic: at.topic }, messages.length);
        if (at.highWatermark !== undefined) metrics.setLag(stage, { ...at, highWatermark: at.highWatermark });
      }
      metrics.processingSeconds.observe({ stage }, (Date.now() - started) / 1000);
    }
    if (logger.isLevelEnabled('debug')) {
      const lastEvent = new Map(events.map((e) => [e.articleId, e]));
      for (const p of folded.changed) {
        messageLogger(logger, {
          traceId: lastEvent.get(p.articleId)?.traceId,
          articleId: p.articleId,
        }).debug({ version: p.version }, 'projection updated');
      }
    }
  }

  private async publish(
    { producer, projectionsTopic }: NonNullable<ArticleSinkOptions['publish']>,
    batches: SinkBatch[],
    projections: ArticleProjection[],
    rejected: OutMessage[],
  ): Promise<void> {
    const spans = this.o.tracer
      ? this.spans(this.o.tracer, projectionsTopic, batches, projections)
      : new Map();
    const messages = projections.map((p) => {
      const span = spans.get(p.articleId);
      return {
        topic: projectionsTopic,
        key: p.articleId,
        value: canonicalJson(p),
        headers: {
          [HEADERS.projectionVersion]: String(p.version),
          ...(span ? { [TRACEPARENT]: traceparentOf(span) } : {}),
        },
      };
    });
    try {
      // A projection grows with its article's history: one the topic would refuse fails the batch
      // here (TOO_LARGE), and storeIsolatingRefusals dead-letters the event that made it so.
      assertRecordSizes(messages);
      if (rejected.length) await producer.send(rejected);
      await producer.send(messages);
    } catch (error) {
      for (const span of spans.values()) endSpan(span, error);
      throw error;
    }
    for (const span of spans.values()) endSpan(span);
  }

  /** A span per projection under the trace of its article's last event in the batches. */
  private spans(
    tracer: Tracer,
    projectionsTopic: string,
    batches: SinkBatch[],
    projections: ArticleProjection[],
  ): Map<string, Span> {
    // Events are keyed by article id.
    const lastEvent = new Map(batches.flatMap((b) => b.messages).map((m) => [m.key?.toString('utf8'), m]));
    return new Map(
      projections.map((p) => {
        const m = lastEvent.get(p.articleId);
        const parent = parentContext(m?.headers ?? {}, m?.headers[HEADERS.traceId]);
        const attributes = { 'messaging.destination.name': projectionsTopic, 'article.id': p.articleId };
        return [p.articleId, startSpan(tracer, `${this.o.stage} ${projectionsTopic}`, parent, attributes)];
      }),
    );
  }
}

/**
 * The dead letter's code and reason when the event is at fault, not the database or the broker:
 * a projection too large for its topic, or one of PostgreSQL's data exceptions (SQLSTATE class 22).
 */
export function refusalOf(error: unknown): { code: DlqErrorCode; message: string } | undefined {
  if (error instanceof StageError)
    return error.code === 'TOO_LARGE' ? { code: error.code, message: error.message } : undefined;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('22')) return undefined;
  const message = `the read model refuses a value of this event: ${(error as Error).message}`;
  return { code: 'SCHEMA_VIOLATION', message };
}
