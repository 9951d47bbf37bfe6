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

export function decodeCursor(cursor: string): SearchCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[1] === 'string' &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0]))
    ) {
      return { firstPublished: value[0], articleId: value[1] };
    }
  } catch {
    // fall through to the typed error
  }
  throw new StorageError(
    'BAD_CURSOR',
    'cursor is not one this API returned (pass nextCursor back unchanged)',
  );
}
