import type { HandlerContext, InMessage, MessageBus, OutMessage, RunningConsumer } from '@newswire/kafka';
import { rawTrace } from '@newswire/kafka';
import { stageGroupId, type AppConfig } from '@newswire/config';
import {
  TRACEPARENT,
  createTracing,
  inSpan,
  parentContext,
  traceparentOf,
  type Logger,
  type StageMetrics,
} from '@newswire/observability';
import { HEADERS } from '@newswire/contracts';
import { CommittedCounts } from './committed-counts';
import { ensureTopics } from './ensure-topics';

/** What a stage's handler gets besides its message (`@Ctx()` on StageTransport). */
export interface StageContext extends HandlerContext {
  /**
   * Changes at each assignment and after each aborted transaction. State a stage holds in memory
   * from an earlier epoch may hold what the log lacks: a stateful stage rebuilds it from the log
   * when this is not the epoch it was built in.
   */
  readonly epoch: number;
}

export type StageHandler = (
  message: InMessage,
  context: StageContext,
) => Promise<OutMessage[]> | OutMessage[];

export interface StageSpec {
  name: string;
  input: string;
  dlq: string;
  handler: StageHandler;
}

/**
 * Runs one pipeline stage: topics ensured, a transactional consume-process-produce loop whose
 * outputs and input offsets commit together, metrics and logs per batch, dead letters counted.
 */
export async function runStage(
  deps: { bus: MessageBus; config: AppConfig; logger: Logger; metrics: StageMetrics },
  stage: StageSpec,
): Promise<RunningConsumer> {
  const { bus, config, logger, metrics } = deps;
  await ensureTopics(bus, config, logger);
  const { name, input, dlq, handler } = stage;
  let epoch = 0;
  const groupId = stageGroupId(config.kafka, name);
  // Produced and dead-lettered messages count once their transaction commits (an aborted one's
  // inputs are handled again).
  const counts = new CommittedCounts();
  // One span per message, continuing the trace its traceparent (or an old message's trace-id)
  // names; every message written from it carries the span as its traceparent.
  const tracing = createTracing(name, config.otlpEndpoint);
  const running = await bus.runPipeline({
    stage: name,
    groupId,
    topics: [input],
    dlqTopic: dlq,
    maxBatch: config.kafka.batchMaxMessages,
    minRoundMs: config.kafka.batchMinIntervalMs,
    sessionTimeoutMs: config.kafka.sessionTimeoutMs,
    handler: (m, context) =>
      inSpan(
        tracing.tracer,
        `${name} ${m.topic}`,
        parentContext(m.headers, m.headers[HEADERS.traceId]),
        { 'messaging.destination.name': m.topic, 'messaging.kafka.offset': m.offset, partition: m.partition },
        async (span) => {
          const traceparent = traceparentOf(span);
          const out = (await handler(m, { heartbeat: context.heartbeat, epoch })).map((o) => ({
            ...o,
            headers: { ...o.headers, [TRACEPARENT]: traceparent },
          }));
          counts.record(
            m.topic,
            m.partition,
            m.offset,
            out.map((o) => ({ counter: 'produced', label: o.topic })),
          );
          // One line per message at debug level: the trace a story leaves from raw wire to projection.
          if (logger.isLevelEnabled('debug')) {
            logger.debug(
              { traceId: rawTrace(m).traceId, key: m.key?.toString(), outputs: out.length },
              'message processed',
            );
          }
          return out;
        },
      ),
    onCommitted: (info) => {
      metrics.consumed.inc({ stage: name, topic: info.topic }, info.count);
      for (const { counter, label } of counts.commit(info.topic, info.partition, info.nextOffset)) {
        if (counter === 'produced') metrics.produced.inc({ stage: name, topic: label });
        else metrics.deadLettered.inc({ stage: name, code: label });
      }
      metrics.setLag(name, info);
      metrics.processingSeconds.observe({ stage: name }, info.ms / 1000);
      logger.debug(info, 'batch committed');
    },
    onDeadLetter: (info) => {
      const { topic, partition, offset } = info.input;
      counts.record(topic, partition, offset, [{ counter: 'deadLettered', label: info.code }]);
      logDeadLetter(logger, info);
    },
    onAssigned: () => {
      counts.clear();
      epoch++;
    },
    // Said in the log, as the stage's state is dropped (the inputs are handled again).
    onAborted: (error) => {
      epoch++;
      logger.warn({ stage: name, err: error }, 'transaction aborted');
    },
    onPositions: (positions) => metrics.assignLag(name, positions),
  });
  logger.info({ stage: name, input, groupId }, 'stage consuming');
  return {
    ...running,
    stop: async () => {
      await running.stop();
      await tracing.shutdown();
    },
  };
}

/**
 * The warning a dead-lettered message leaves: its code, the reason, its trace (and article, where
 * the input is keyed by one) and where it was read.
 */
export function logDeadLetter(
  logger: Logger,
  {
    code,
    message,
    input: m,
    articleId,
  }: { code: string; message: string; input: InMessage; articleId?: string },
): void {
  logger.warn(
    {
      code,
      reason: message,
      traceId: rawTrace(m).traceId,
      ...(articleId ? { articleId } : {}),
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
    },
    'message dead-lettered',
  );
}
