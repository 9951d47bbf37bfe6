import { randomBytes } from 'node:crypto';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** The W3C Trace Context header, on Kafka messages as on HTTP. */
export const TRACEPARENT = 'traceparent';

const propagator = new W3CTraceContextPropagator();
type Carrier = Record<string, string | undefined>;
const getter = {
  get: (carrier: Carrier, key: string) => carrier[key],
  keys: (carrier: Carrier) => Object.keys(carrier),
};
const setter = { set: (carrier: Carrier, key: string, value: string) => (carrier[key] = value) };

/**
 * The trace a message or request continues: its `traceparent`, or, on a message written before
 * traceparent, its `trace-id` when that is a 128-bit id (the UUIDs `newswire publish` wrote), so
 * that an old story keeps its trace id. The root context (a new trace) otherwise.
 */
export function parentContext(headers: Carrier, legacyTraceId?: string): Context {
  const extracted = propagator.extract(ROOT_CONTEXT, headers, getter);
  if (trace.getSpanContext(extracted)) return extracted;
  const id = legacyTraceId?.replace(/-/g, '').toLowerCase();
  if (!id || !/^[0-9a-f]{32}$/.test(id) || /^0+$/.test(id)) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: id,
    spanId: randomBytes(8).toString('hex'),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
}

/** The W3C trace id a message or request carries (traceparent first, then a 128-bit trace-id). */
export function traceIdOf(headers: Carrier, legacyTraceId?: string): string | undefined {
  return trace.getSpanContext(parentContext(headers, legacyTraceId))?.traceId;
}

/** A valid traceparent's context, or undefined for a malformed one. */
export function parseTraceparent(value: string): Context | undefined {
  const ctx = propagator.extract(ROOT_CONTEXT, { [TRACEPARENT]: value }, getter);
  return trace.getSpanContext(ctx) ? ctx : undefined;
}

/** The traceparent that names `span` as the parent of what follows it. */
export function traceparentOf(span: Span): string {
  const carrier: Carrier = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, setter);
  return carrier[TRACEPARENT]!;
}

export interface Tracing {
  tracer: Tracer;
  /** Exports what is left (when exporting) and stops. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry spans for one service. They are exported over OTLP/HTTP to `otlpEndpoint`
 * (OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://collector:4318) when one is configured, and dropped
 * when they end otherwise: their ids still carry the trace from message to message.
 */
export function createTracing(service: string, otlpEndpoint?: string): Tracing {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: otlpEndpoint
      ? [
          new BatchSpanProcessor(
            new OTLPTraceExporter({ url: `${otlpEndpoint.replace(/\/+$/, '')}/v1/traces` }),
          ),
        ]
      : [],
  });
  return { tracer: provider.getTracer('newswire'), shutdown: () => provider.shutdown() };
}

/**
 * Runs `work` in a span under `parent` and returns what it returns; `work` gets the span (for the
 * traceparent of what it writes). A throw marks the span failed and is rethrown.
 */
export async function inSpan<T>(
  tracer: Tracer,
  name: string,
  parent: Context,
  attributes: Attributes,
  work: (span: Span) => Promise<T> | T,
): Promise<T> {
  const span = startSpan(tracer, name, parent, attributes);
  try {
    const result = await work(span);
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

/** A consumer's span under `parent`, for work that `inSpan` cannot wrap (one send for many spans). */
export function startSpan(tracer: Tracer, name: string, parent: Context, attributes: Attributes): Span {
  return tracer.startSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent);
}

/** Ends `span`, marked failed with `error` when there is one. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
  }
  span.end();
}
