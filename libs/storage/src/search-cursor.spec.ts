import fc from 'fast-check';
import { decodeCursor, encodeCursor } from './search-cursor';
import { StorageError, checkSchemaName } from './storage.error';

describe('search cursor', () => {
  it('decodes what it encoded, for any time and article id PostgreSQL can hold', () => {
    const stored = fc.date({
      noInvalidDate: true,
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
    });
    fc.assert(
      fc.property(
        stored,
        fc.string().filter((s) => !s.includes('\u0000')),
        (at, articleId) => {
          const cursor = { firstPublished: at.toISOString(), articleId };
          expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
        },
      ),
    );
  });

  it('rejects a cursor it did not make with BAD_CURSOR', () => {
    for (const bad of [
      '',
      'abc',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["not a time","a"]').toString('base64url'),
      // what PostgreSQL refuses (a 500 before): the year 0000, a NUL in the id
      Buffer.from('["0000-06-01T00:00:00.000Z","a"]').toString('base64url'),
      Buffer.from('["2024-06-01T00:00:00.000Z","a\\u0000b"]').toString('base64url'),
      Buffer.from('["2024-06-01","a"]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ code: 'BAD_CURSOR' }));
    }
  });
});

describe('checkSchemaName', () => {
  it('accepts lower-case SQL identifiers and refuses anything that would need quoting', () => {
    expect(checkSchemaName('newswire_replay_2')).toBe('newswire_replay_2');
    for (const bad of ['Newswire', '1abc', 'a-b', 'x"; drop schema newswire; --', '', 'a'.repeat(64)]) {
      expect(() => checkSchemaName(bad)).toThrow(StorageError);
    }
  });
});
