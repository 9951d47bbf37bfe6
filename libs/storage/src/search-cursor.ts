import { StorageError } from './storage.error';

/** Keyset position in the search order (first_published desc, article_id desc). */
export interface SearchCursor {
  firstPublished: string;
  articleId: string;
}

/** Opaque to clients: base64url of a small JSON pair. */
export function encodeCursor(c: SearchCursor): string {
  return Buffer.from(JSON.stringify([c.firstPublished, c.articleId])).toString('base64url');
}

/** A time as encodeCursor writes it (toISOString) and PostgreSQL takes it: from the year 0001. */
function isStoredTime(v: string): boolean {
  const at = new Date(v);
  return !Number.isNaN(at.getTime()) && at.toISOString() === v && /^\d{4}-/.test(v) && !v.startsWith('0000');
}

export function decodeCursor(cursor: string): SearchCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[1] === 'string' &&
      typeof value[0] === 'string' &&
      isStoredTime(value[0]) &&
      // PostgreSQL text cannot hold U+0000: a forged cursor with one would fail the query.
      !value[1].includes('\u0000')
    ) {
      return { firstPublished: value[0], articleId: value[1] };
    }
  } catch {
    // fall through to the typed error
  }
  throw new StorageError(
    'BAD_CURSOR',
    'cursor is not one this API returned (pass nextCursor back unchanged)',
    'cursor',
  );
}
