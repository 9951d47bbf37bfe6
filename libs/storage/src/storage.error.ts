export type StorageErrorCode =
  'INVALID_SCHEMA_NAME' | 'SCHEMA_NOT_FOUND' | 'MIGRATION_FAILED' | 'BAD_CURSOR' | 'BAD_QUERY';

/** A storage failure a caller can act on (the API maps BAD_CURSOR / BAD_QUERY to 400). */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
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
