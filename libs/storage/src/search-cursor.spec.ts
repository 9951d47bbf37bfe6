import fc from 'fast-check';
import { decodeCursor, encodeCursor } from './search-cursor';
import { StorageError, checkSchemaName } from './storage.error';

describe('search cursor', () => {
  it('decodes what it encoded, for any article id', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), fc.string(), (at, articleId) => {
        const cursor = { firstPublished: at.toISOString(), articleId };
        expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
      }),
    );
  });

  it('rejects a cursor it did not make with BAD_CURSOR', () => {
    for (const bad of [
      '',
      'abc',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["not a time","a"]').toString('base64url'),
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
