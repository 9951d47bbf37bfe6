import { StageError } from '@newswire/contracts';
import { history } from '../../../projection/src/article-events.fixture';
import { articleEventMessage, articleEventOf } from './article-event-message';
import type { InMessage } from '../message-bus.port';

const read = (value: string | Buffer | null): InMessage => ({
  topic: 'article.events.v1',
  partition: 0,
  offset: '0',
  key: null,
  value: typeof value === 'string' ? Buffer.from(value) : value,
  headers: {},
  timestamp: '0',
});

describe('articleEventOf', () => {
  it('reads back what articleEventMessage writes', () => {
    for (const e of history('art_readback', 6))
      expect(articleEventOf(read(articleEventMessage('t', e).value))).toEqual(e);
  });

  it.each([
    ['not JSON', '{"type":', 'MALFORMED'],
    ['no value', null, 'MALFORMED'],
    ['JSON that is not an event', '{"hello":1}', 'SCHEMA_VIOLATION'],
  ])('refuses %s with a typed reason', (_, value, code) => {
    let caught: unknown;
    try {
      articleEventOf(read(value));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StageError);
    expect((caught as StageError).code).toBe(code);
  });
});
