import type { InMessage, MessageBus, PipelineOptions, RunningConsumer, StageHandler } from '@newswire/kafka';
import { bootstrapTopics } from '@newswire/kafka';
import type { AppConfig } from '@newswire/config';
import type { Logger, StageMetrics } from '@newswire/observability';

/**
 * Runs one pipeline stage: topics ensured, a transactional consume-process-produce loop whose
 * outputs and input offsets commit together, metrics and logs per batch, dead letters counted.
 */
export type StageSpec = {
  name: string;
  input: string;
  dlq: string;
  handler: StageHandler;
} & Partial<PipelineOptions>;

export async function runStage(
  deps: { bus: MessageBus; config: AppConfig; logger: Logger; metrics: StageMetrics },
  stage: StageSpec,
): Promise<RunningConsumer> {
  const { bus, config, logger, metrics } = deps;
  await bootstrapTopics(bus, config.kafka);
  const { name, input, dlq, handler, ...rest } = stage;
  const running = await bus.runPipeline({
    stage: name,
    groupId: `${config.kafka.groupPrefix}.${name}`,
    topics: [input],
    dlqTopic: dlq,
    maxBatch: config.kafka.batchMaxMessages,
    minRoundMs: config.kafka.batchMinIntervalMs,
    sessionTimeoutMs: config.kafka.sessionTimeoutMs,
    handler: async (m, context) => {
      const out = await handler(m, context);
      for (const o of out) metrics.produced.inc({ stage: name, topic: o.topic });
      // One line per message at debug level: the trace a story leaves from raw wire to projection.
      if (logger.isLevelEnabled('debug')) {
        logger.debug(
          { traceId: m.headers['trace-id'], key: m.key?.toString(), outputs: out.length },
          'message processed',
        );
      }
      return out;
    },
    onCommitted: (info) => {
      metrics.consumed.inc({ stage: name, topic: info.topic }, info.count);
      metrics.setLag(name, info);
      metrics.processingSeconds.observe({ stage: name }, info.ms / 1000);
      logger.debug(info, 'batch committed');
    },
    onDeadLetter: (info) => {
      metrics.deadLettered.inc({ stage: name, code: info.code });
      logDeadLetter(logger, info);
    },
    ...rest,
  });
  logger.info({ stage: name, input, groupId: `${config.kafka.groupPrefix}.${name}` }, 'stage consuming');
  return running;
}

/** The warning a dead-lettered message leaves: its code, the reason, its trace and where it was read. */
export function logDeadLetter(
  logger: Logger,
  { code, message, input: m }: { code: string; message: string; input: InMessage },
): void {
  logger.warn(
    {
      code,
      reason: message,
      traceId: m.headers['trace-id'],
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
    },
    'message dead-lettered',
  );
}
