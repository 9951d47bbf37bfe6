import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SpanKind, type Span } from '@opentelemetry/api';
import { TRACEPARENT, createTracing, parentContext, traceparentOf } from '@newswire/observability';

const SPAN = Symbol('span');

/**
 * A span per request, continuing the caller's `traceparent` (a new trace without one), and the
 * span as `traceparent` on every answer, so a client's trace goes on through the api. Spans are
 * exported only to a configured OTLP endpoint.
 */
export function traceRequests(app: NestFastifyApplication, otlpEndpoint?: string): void {
  const { tracer, shutdown } = createTracing('api', otlpEndpoint);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    const span = tracer.startSpan(
      `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'url.path': request.url },
      },
      parentContext(request.headers as Record<string, string>),
    );
    (request as unknown as Record<symbol, Span>)[SPAN] = span;
    void reply.header(TRACEPARENT, traceparentOf(span));
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const span = (request as unknown as Record<symbol, Span | undefined>)[SPAN];
    span?.setAttribute('http.response.status_code', reply.statusCode);
    span?.end();
    done();
  });
  // What is left is exported as the api closes.
  fastify.addHook('onClose', (_instance, done) => void shutdown().then(() => done(), done));
}
