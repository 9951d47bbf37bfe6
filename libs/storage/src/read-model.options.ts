import { openDatabase, type DatabaseHandle, type DatabaseOptions } from './database';
import { checkSchemaName } from './storage.error';

export const DEFAULT_SCHEMA = 'newswire';

export interface ReadModelOptions extends DatabaseOptions {
  /** PostgreSQL schema holding the tables (default `newswire`). */
  schema?: string;
}

/** The database handle and the checked schema name a read model's writer or reader works on. */
export async function openReadModelHandle(
  opts: ReadModelOptions,
): Promise<{ handle: DatabaseHandle; schema: string }> {
  const schema = checkSchemaName(opts.schema ?? DEFAULT_SCHEMA);
  return { handle: await openDatabase(opts), schema };
}
