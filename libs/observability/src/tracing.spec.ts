import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import {
  TRACEPARENT,
  createTracing,
  inSpan,
  parentContext,
  parseTraceparent,
  traceIdOf,
  traceparentOf,
} from './tracing';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = `00-${TRACE}-00f067aa0ba902b7-01`;

describe('trace context', () => {
  const { tracer } = createTracing('spec');

  it("continues a traceparent: a child span has the caller's trace id, and a span id of its own", async () => {
    const traceparent = await inSpan(tracer, 'step', parentContext({ [TRACEPARENT]: PARENT }), {}, (span) =>
      traceparentOf(span),
    );
    const [version, traceId, spanId, flags] = traceparent.split('-');
    expect({ version, traceId, flags }).toEqual({ version: '00', traceId: TRACE, flags: '01' });
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(spanId).not.toBe('00f067aa0ba902b7');
  });

  it("reads an old message's UUID trace-id as its W3C trace id, and anything else as no trace", () => {
    expect(traceIdOf({}, '4bf92f35-77b3-4da6-a3ce-929d0e0e4736')).toBe(TRACE);
    expect(traceIdOf({ [TRACEPARENT]: PARENT }, 'f68149a8-518d-4ecf-bea9-48e6e5322c40')).toBe(TRACE);
    expect(traceIdOf({}, 'trace-seed')).toBeUndefined();
    expect(traceIdOf({})).toBeUndefined();
    expect(parentContext({ [TRACEPARENT]: 'garbage' })).toBe(ROOT_CONTEXT);
  });

  it('starts a new trace without a parent, and tells malformed traceparents', async () => {
    const ids = await Promise.all(
      [0, 1].map(() => inSpan(tracer, 'root', ROOT_CONTEXT, {}, (span) => span.spanContext().traceId)),
    );
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(parseTraceparent(PARENT)).toBeDefined();
    expect(trace.getSpanContext(parseTraceparent(PARENT)!)?.traceId).toBe(TRACE);
    for (const bad of [
      '',
      'x',
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
    ])
      expect({ bad, parsed: parseTraceparent(bad) }).toEqual({ bad, parsed: undefined });
  });

  it('marks a span failed when its work throws, and rethrows', async () => {
    await expect(
      inSpan(tracer, 'failing', ROOT_CONTEXT, {}, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });
});
