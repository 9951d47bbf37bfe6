import type { MessageBus, RunningConsumer } from '@newswire/kafka';
import { createTracing, type Logger, type StageMetrics } from '@newswire/observability';
import type { ReadModelWriter } from '@newswire/storage';
import { ArticleSink, type SinkBatch } from './article-sink';
import { storeGroups } from './store-groups';
import { tickBatcher } from './tick-batcher';

/**
 * Batches of up to this many events in all share a database transaction. At 500 stories/s a round
 * brings a few events a partition and one transaction for them costs the database less than three;
 * at saturation each partition brings hundreds, and three transactions side by side use both cores.
 */
const STORE_TOGETHER_UP_TO = 100;

export interface LiveSinkSpec {
  stage: string;
  group: string;
  input: string;
  dlqTopic: string;
  projectionsTopic: string;
  sessionTimeoutMs: number;
  minRoundMs: number;
  /** Where the spans go over OTLP/HTTP; dropped when unset (their ids still carry the trace). */
  otlpEndpoint?: string;
}

/**
 * article.events.v1 -> the read model + article.projections.v1, for as long as it runs: consumes
 * from the offsets the read model stores (the exactly-once sink is the database), stores each
 * turn's batches through ArticleSink, rewinds a partition whose read model is behind what Kafka
 * delivered, and merges the search index's pending list every second.
 */
export async function runArticleSink(
  deps: { bus: MessageBus; writer: ReadModelWriter; logger: Logger; metrics: StageMetrics },
  spec: LiveSinkSpec,
): Promise<RunningConsumer> {
  const { bus, writer, logger, metrics } = deps;
  const producer = await bus.producer();
  const tracing = createTracing(spec.stage, spec.otlpEndpoint);
  const sink = new ArticleSink({
    writer,
    group: spec.group,
    logger,
    metrics,
    stage: spec.stage,
    publish: { producer, projectionsTopic: spec.projectionsTopic, dlqTopic: spec.dlqTopic },
    tracer: tracing.tracer,
  });
  const rewound = new Map<string, string>();
  const turn = tickBatcher((batches: SinkBatch[]) =>
    storeTurn(sink, writer, spec.group, batches, rewound, logger),
  );
  const running = await bus.runSink({
    stage: spec.stage,
    groupId: spec.group,
    topics: [spec.input],
    sessionTimeoutMs: spec.sessionTimeoutMs,
    minRoundMs: spec.minRoundMs,
    startOffsets: async (topic, partition) =>
      (await writer.committedOffsets(spec.group, topic)).get(partition) ?? '0',
    handleBatch: (messages, at) => turn({ messages, at }),
  });
  const merging = mergeSearchEverySecond(writer, logger);
  return {
    joined: () => running.joined(),
    stop: async () => {
      clearInterval(merging);
      await running.stop();
      await producer.close();
      await tracing.shutdown();
    },
  };
}

/**
 * Stores the batches of the partitions handed over in the same turn (a round of the consumer):
 * small ones together in one database transaction, large ones each in its own, side by side, so
 * that at saturation the database works on every core. Any failure fails the whole turn: what did
 * commit is delivered again and changes nothing.
 */
async function storeTurn(
  sink: ArticleSink,
  writer: ReadModelWriter,
  group: string,
  batches: SinkBatch[],
  rewound: Map<string, string>,
  logger: Logger,
): Promise<(void | { rewindTo: string })[]> {
  const stored = new Map<string, Map<number, string>>();
  for (const topic of new Set(batches.map((b) => b.at.topic)))
    stored.set(topic, await writer.committedOffsets(group, topic));
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
    if (BigInt(from) >= BigInt(first) || rewound.get(key) === `${from}>${first}`) return;
    rewound.set(key, `${from}>${first}`);
    logger.info({ ...at, stored: from, delivered: first }, 'read model is behind the consumer: rewinding');
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
    storeGroups(kept, STORE_TOGETHER_UP_TO).map((g) => sink.storeIsolatingRefusals(g)),
  );
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes;
}

/**
 * New articles' search vectors wait in the text index's pending list; merging it here, beside the
 * writes, keeps any batch from merging it itself (see migration 0009_search_pending_list).
 */
function mergeSearchEverySecond(writer: ReadModelWriter, logger: Logger): NodeJS.Timeout {
  let running = false;
  let failing = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    writer
      .mergeSearchPending()
      .then(() => (failing = false))
      .catch((error: unknown) => {
        if (!failing) logger.warn({ error: String(error) }, 'merging the search index failed; retrying');
        failing = true;
      })
      .finally(() => (running = false));
  }, 1000);
  timer.unref();
  return timer;
}
