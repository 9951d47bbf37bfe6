import { HEADERS } from '@newswire/contracts';
import type { InMessage } from '../message-bus.port';
import { checkedRawTrace, rawTrace } from './raw-trace';

const raw = (headers: Record<string, string>, timestamp: string): InMessage => ({
  topic: 'wire.raw.v1',
  partition: 2,
  offset: '41',
  key: null,
  value: Buffer.from('x'),
  headers,
  timestamp,
});

describe('rawTrace and checkedRawTrace', () => {
  it('take the headers when the producer set them', () => {
    const m = raw({ [HEADERS.traceId]: 'tr-1', [HEADERS.receivedAt]: '2024-05-23T10:00:00+02:00' }, '0');
    expect(rawTrace(m)).toEqual({ traceId: 'tr-1', receivedAt: '2024-05-23T10:00:00+02:00' });
    expect(checkedRawTrace(m)).toEqual({ traceId: 'tr-1', receivedAt: '2024-05-23T10:00:00+02:00' });
  });

  it('fall back on where the record sits and when the broker took it', () => {
    const m = raw({}, String(Date.UTC(2024, 4, 23, 10)));
    expect(rawTrace(m)).toEqual({ traceId: 'wire.raw.v1/2/41', receivedAt: '2024-05-23T10:00:00.000Z' });
    expect(checkedRawTrace(m)).toEqual({
      traceId: 'wire.raw.v1/2/41',
      receivedAt: '2024-05-23T10:00:00.000Z',
    });
  });

  it('never throw for a record timestamp out of range; the receipt time is then refused as MALFORMED', () => {
    const m = raw({}, '9007199254740991');
    expect(rawTrace(m).receivedAt).toBeUndefined();
    expect(() => checkedRawTrace(m)).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
  });

  it.each(['yesterday', '2024-05-23', '2024-05-23 10:00:00'])(
    'refuse a received-at header that is not an ISO-8601 date-time (%s) as MALFORMED',
    (header) => {
      expect(() => checkedRawTrace(raw({ [HEADERS.receivedAt]: header }, '0'))).toThrow(
        expect.objectContaining({ code: 'MALFORMED', message: expect.stringContaining(header) }),
      );
    },
  );

  it("take a traceparent's W3C trace id before the trace-id header, which older messages carry", () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const at = '2024-05-23T10:00:00Z';
    expect(
      rawTrace(raw({ traceparent, [HEADERS.traceId]: 'tr-1', [HEADERS.receivedAt]: at }, '0')).traceId,
    ).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    // A malformed traceparent (an all-zero trace id) is no trace context: the old header stands.
    const zero = '00-00000000000000000000000000000000-00f067aa0ba902b7-01';
    expect(rawTrace(raw({ traceparent: zero, [HEADERS.traceId]: 'tr-1' }, '0')).traceId).toBe('tr-1');
  });
});
