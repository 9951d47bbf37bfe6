export type StorageErrorCode =
  'INVALID_SCHEMA_NAME' | 'SCHEMA_NOT_FOUND' | 'MIGRATION_FAILED' | 'BAD_CURSOR' | 'BAD_QUERY';

/** A storage failure a caller can act on (the API maps BAD_CURSOR / BAD_QUERY to 400). */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    /** The query's field at fault, for BAD_CURSOR and BAD_QUERY (the api names it in its 400). */
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names reach DDL as identifiers; only plain lower-case SQL names are accepted. */
export function checkSchemaName(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new StorageError(
      'INVALID_SCHEMA_NAME',
      `schema name "${name}" must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters)`,
    );
  }
  return name;
}

/** SQLSTATEs of a read model whose schema or tables its writer has not made yet. */
const NOT_MIGRATED = new Set(['3F000', '42P01']);
/** Node's socket errors and SQLSTATEs (class 08, shutdown, too many connections) of a server out of reach. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/**
 * Why a query failed, when it is the read model's state and not the query: its tables are not
 * made yet, or its server cannot be reached. A caller answers "try again later" (503) for these.
 */
export function unavailableBecause(error: unknown): 'not-migrated' | 'unreachable' | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') {
    if (NOT_MIGRATED.has(code)) return 'not-migrated';
    if (UNREACHABLE.has(code) || code.startsWith('08')) return 'unreachable';
  }
  // pg's own words when the server closes a connection mid-query (no code).
  return error instanceof Error && /^Connection terminated/.test(error.message) ? 'unreachable' : undefined;
}
