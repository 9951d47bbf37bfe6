import { Client } from 'pg';

/** Runs one SQL statement on a short-lived connection (counts while apps write, schema cleanup). */
export async function sqlQuery<R extends object>(
  databaseUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Drops every schema whose name starts with `schema` (its `_replay` and `_previous` beside it too):
 * tests and benches share one database across runs, whose catalog would otherwise keep growing.
 */
export async function dropSchemas(databaseUrl: string, schema: string): Promise<void> {
  const rows = await sqlQuery<{ nspname: string }>(
    databaseUrl,
    'select nspname from pg_namespace where left(nspname, length($1)) = $1',
    [schema],
  );
  for (const { nspname } of rows) await sqlQuery(databaseUrl, `drop schema "${nspname}" cascade`);
}
