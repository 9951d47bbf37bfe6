import { sql } from 'kysely';
import { openDatabase, type DatabaseOptions } from './database';
import { checkSchemaName } from './storage.error';

/** An outlet the registry lacks, as the read model's articles cite it. */
export interface UnregisteredOutlet {
  id: string;
  name: string;
  kind: string;
  country?: string;
  /** Claims pinned on it, over every article. */
  citations: number;
  articles: number;
}

/**
 * The outlets the attribution library flagged as unregistered ("the Saudi daily Okaz"), counted
 * over the current projections, most cited first: what the registry should learn next.
 */
export async function unregisteredOutlets(
  opts: DatabaseOptions & { schema?: string },
): Promise<UnregisteredOutlet[]> {
  const schema = checkSchemaName(opts.schema ?? 'newswire');
  const handle = await openDatabase(opts);
  try {
    const { rows } = await sql<{
      id: string;
      name: string;
      kind: string;
      country: string | null;
      citations: string;
      articles: string;
    }>`
      select g->'outlet'->>'id' as id, min(g->'outlet'->>'name') as name, min(g->'outlet'->>'kind') as kind,
        min(g->'outlet'->>'country') as country,
        sum(jsonb_array_length(g->'claims')) as citations, count(distinct a.article_id) as articles
      from ${sql.table(`${schema}.articles`)} a, jsonb_array_elements(a.projection->'attributions') g
      where g->'outlet'->>'unregistered' = 'true'
      group by 1
      order by citations desc, id`.execute(handle.db);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      ...(r.country ? { country: r.country } : {}),
      citations: Number(r.citations),
      articles: Number(r.articles),
    }));
  } finally {
    await handle.release();
  }
}
