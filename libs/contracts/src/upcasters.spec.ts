import { upcastEvent } from './upcasters';

const envelope = {
  eventId: 'art_aaaaaaaaaaaaa:2',
  articleId: 'art_aaaaaaaaaaaaa',
  sequence: 2,
  occurredAt: '2024-05-23T10:00:00Z',
  causation: { topic: 'wire.enriched.v1', partition: 0, offset: '7', storyKey: 'agg:1' },
  traceId: 't',
};
const copy = {
  source: 'agg',
  guid: '1',
  version: 1,
  headline: 'Heads of militant groups meet',
  receivedAt: '2024-05-23T10:00:00Z',
};

describe('upcastEvent', () => {
  it('lifts a v0 DuplicateReceived (no `by`) to v1 as an exact copy', () => {
    const event = upcastEvent({ ...envelope, type: 'DuplicateReceived', schemaVersion: 0, payload: copy });
    expect(event).toEqual({
      ...envelope,
      type: 'DuplicateReceived',
      schemaVersion: 1,
      payload: { ...copy, by: 'exact', similarity: 1 },
    });
  });

  it('passes a current event through unchanged', () => {
    const v1 = {
      ...envelope,
      type: 'DuplicateReceived',
      schemaVersion: 1,
      payload: { ...copy, by: 'near', similarity: 0.8 },
    };
    expect(upcastEvent(JSON.parse(JSON.stringify(v1)))).toEqual(v1);
  });

  it('rejects a version it has no upcaster for', () => {
    expect(() =>
      upcastEvent({ ...envelope, type: 'ArticleWithdrawn', schemaVersion: 0, payload: {} }),
    ).toThrow(
      expect.objectContaining({
        code: 'SCHEMA_VIOLATION',
        message: expect.stringContaining('no upcaster for ArticleWithdrawn v0'),
      }),
    );
  });

  it('rejects an invalid event with the reason', () => {
    expect(() =>
      upcastEvent({ ...envelope, type: 'DuplicateReceived', schemaVersion: 1, payload: copy }),
    ).toThrow(expect.objectContaining({ code: 'SCHEMA_VIOLATION', message: expect.stringContaining('by') }));
    expect(() => upcastEvent('nonsense')).toThrow(expect.objectContaining({ code: 'SCHEMA_VIOLATION' }));
  });
});
