import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Migration, MigrationProvider, Migrator as MigratorClass } from 'kysely/dist/migration/index';
import { StorageError, checkSchemaName } from './storage.error';

// kysely/migration is a package-exports subpath, which this build's `node10` type resolution
// cannot see; the types come from the file it points to.
const { Migrator } = require('kysely/migration') as { Migrator: typeof MigratorClass };

/**
 * The read model's migrations, in order. Each takes the schema so that replay can build the same
 * tables in a fresh schema beside the live one; names never change once released.
 */
function migrations(schema: string): Record<string, Migration> {
  const t = (table: string): RawBuilder<unknown> => sql.table(`${schema}.${table}`);
  const statements = (...list: RawBuilder<unknown>[]): Migration => ({
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    up: async (db: Kysely<any>) => {
      for (const statement of list) await statement.execute(db);
    },
  });
  /** lz4 compression for these [table, column]s, where the server was built with it (PGlite is not). */
  const lz4 = (...columns: [string, string][]): Migration => ({
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    up: async (db: Kysely<any>) => {
      const { rows } =
        await sql`select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`.execute(
          db,
        );
      if (rows.length === 0) return;
      for (const [table, column] of columns)
        await sql`alter table ${t(table)} alter column ${sql.ref(column)} set compression lz4`.execute(db);
    },
  });
  return {
    '0001_read_model': statements(
      sql`create table ${t('articles')} (
        article_id text primary key,
        version integer not null,
        status text not null,
        headline text not null,
        language text not null,
        first_published timestamptz not null,
        last_revised timestamptz not null,
        last_sequence integer not null,
        digest text not null,
        projection jsonb not null,
        search tsvector not null)`,
      // 'simple' (no stemming): bodies are English, Arabic, Persian and more; one config serves all.
      sql`create index articles_search on ${t('articles')} using gin (search)`,
      sql`create index articles_first_published on ${t('articles')} (first_published desc, article_id desc)`,
      sql`create table ${t('article_versions')} (
        article_id text not null,
        version integer not null,
        at text not null,
        kind text not null,
        projection jsonb not null,
        primary key (article_id, version))`,
      sql`create table ${t('attributions')} (
        article_id text not null,
        ordinal integer not null,
        outlet_id text not null,
        outlet_name text not null,
        outlet_kind text not null,
        cue text not null,
        claim text not null,
        sentence text not null,
        start_offset integer not null,
        end_offset integer not null,
        confidence double precision not null,
        primary key (article_id, ordinal))`,
      sql`create index attributions_outlet on ${t('attributions')} (outlet_id, article_id)`,
      sql`create table ${t('article_sequences')} (article_id text primary key, last_sequence integer not null)`,
      sql`create table ${t('consumer_offsets')} (
        consumer_group text not null,
        topic text not null,
        partition integer not null,
        next_offset bigint not null,
        primary key (consumer_group, topic, partition))`,
    ),
    '0002_json_projections': statements(
      // Projections are stored and served whole, never queried inside: json keeps the text as
      // written instead of building a jsonb tree, measured ~1.6x faster to insert in bulk.
      sql`alter table ${t('articles')} alter column projection type json using projection::json`,
      sql`alter table ${t('article_versions')} alter column projection type json using projection::json`,
      // null = "headline and body unchanged, keep the stored tsvector" (see upsertArticles).
      sql`alter table ${t('articles')} alter column search drop not null`,
    ),
    // Digests are computed when verify asks (ReadModelStore.digest), not stored on every write.
    '0003_drop_stored_digest': statements(sql`alter table ${t('articles')} drop column digest`),
    // lz4 compresses large projection values with less CPU than the default pglz (measured:
    // database CPU per event 106 -> 81 us with 2 KB bodies); only where the server has it.
    '0004_lz4_projections': lz4(['articles', 'projection'], ['article_versions', 'projection']),
    // A batch's new versions of an article are ONE row (a chunk), each version a delta from the one
    // before and a whole projection every VERSION_SNAPSHOT_EVERY versions: a row with a full copy
    // per version was half of a rebuild's database time. Existing versions become one-entry chunks.
    '0005_version_chunks': statements(
      sql`create table ${t('article_version_chunks')} (
        article_id text not null,
        first_version integer not null,
        last_version integer not null,
        entries json not null,
        primary key (article_id, first_version))`,
      sql`insert into ${t('article_version_chunks')} (article_id, first_version, last_version, entries)
        select article_id, version, version, json_build_array(json_build_object('at', at, 'kind', kind, 'projection', projection))
        from ${t('article_versions')}`,
      sql`drop table ${t('article_versions')}`,
    ),
    // Each article's last applied sequence is `articles.last_sequence`, written in the same
    // statement as its row; the separate table was written on every batch and never read.
    '0006_drop_article_sequences': statements(sql`drop table ${t('article_sequences')}`),
    // A ~6 kB projection compresses to ~2 kB, just over the default 2 kB target, so PostgreSQL put
    // nearly every one in the TOAST table: one more index lookup per read and insert per write.
    // Compressed values up to ~4 kB now stay in the row.
    '0007_inline_compressed_projections': statements(
      sql`alter table ${t('articles')} set (toast_tuple_target = 4080)`,
      sql`alter table ${t('article_version_chunks')} set (toast_tuple_target = 4080)`,
    ),
    // The version chunks (0005) and the ~3 kB search vectors were still compressed with pglz: lz4
    // took ~40 us of database CPU off each new article (5,000 rows: 770 -> 590 ms).
    '0008_lz4_chunks_and_search': lz4(['article_version_chunks', 'entries'], ['articles', 'search']),
    // New search vectors queue in the GIN index's pending list; the insert that overflowed the
    // default 4 MB merged it into the index itself, stalling its batch 50-80 ms every ~1,300 new
    // articles (the p99 of a projection's latency). The list may now grow to 64 MB and is merged
    // in the background (ReadModelStore.mergeSearchPending, which the projector runs every second).
    '0009_search_pending_list': statements(
      sql`alter index ${t('articles_search')} set (gin_pending_list_limit = 65536)`,
    ),
  };
}

/** Creates the schema if needed and brings its tables to the latest migration (idempotent). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateReadModel(db: Kysely<any>, schema: string): Promise<void> {
  checkSchemaName(schema);
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db).catch((error: { code?: string }) => {
    // Apps starting together race here: "if not exists" is not atomic (23505 / 42P06 = it exists now).
    if (error.code !== '23505' && error.code !== '42P06') throw error;
  });
  const provider: MigrationProvider = { getMigrations: async () => migrations(schema) };
  const migrator = new Migrator({ db, provider, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StorageError(
      'MIGRATION_FAILED',
      `migration ${failed} of schema ${schema} failed: ${String(error)}`,
    );
  }
}
