import { ROOT_CONTEXT, SpanKind, type Context, type Tracer } from '@opentelemetry/api';
import { HEADERS, type TopicNames } from '@newswire/contracts';
import type { MessageBus } from '@newswire/kafka';
import { TRACEPARENT, createTracing, traceparentOf } from '@newswire/observability';
import { contentTypeOf, readWireFile } from './wire-files';

export interface Published {
  file: string;
  traceId: string;
  source?: string;
}

/**
 * Sends wire files to wire.raw.v1 as raw bytes with their headers. Messages of one feed share a key,
 * so a feed's stories keep their order (a revision after its original); without a source the
 * wire's own provider names it. Each file is sent in a span of its own: under `trace.parent` (a
 * caller's traceparent) when given, else as a new trace; its message carries the span as its
 * traceparent, and the trace id as trace-id too (what readers older than traceparent read).
 */
export async function publishFiles(
  bus: MessageBus,
  topics: TopicNames,
  files: { file: string; source?: string }[],
  trace: { tracer?: Tracer; parent?: Context } = {},
): Promise<Published[]> {
  const tracer = trace.tracer ?? createTracing('newswire-cli').tracer;
  const producer = await bus.producer();
  const spans = files.map(({ file }) =>
    tracer.startSpan(
      'newswire publish',
      { kind: SpanKind.PRODUCER, attributes: { file } },
      trace.parent ?? ROOT_CONTEXT,
    ),
  );
  try {
    const sent = files.map(({ file, source }, i) => {
      const traceId = spans[i].spanContext().traceId;
      const contentType = contentTypeOf(file);
      return {
        published: { file, traceId, source },
        message: {
          topic: topics.raw,
          key: source ?? 'cli',
          value: readWireFile(file),
          headers: {
            ...(source ? { [HEADERS.wireSource]: source } : {}),
            [HEADERS.receivedAt]: new Date().toISOString(),
            [HEADERS.traceId]: traceId,
            [TRACEPARENT]: traceparentOf(spans[i]),
            ...(contentType ? { [HEADERS.contentType]: contentType } : {}),
          },
        },
      };
    });
    await producer.send(sent.map((s) => s.message));
    return sent.map((s) => s.published);
  } finally {
    for (const span of spans) span.end();
    await producer.close();
  }
}
