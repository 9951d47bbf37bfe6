import { sql } from 'kysely';
import { openDatabase, type DatabaseOptions } from './database';
import { migrateReadModel } from './read-model.migrations';
import { committedOffsetsIn } from './read-model.writer';
import { StorageError, checkSchemaName } from './storage.error';

/**
 * Schema management for replay: build a read model in a fresh schema beside the live one, then
 * switch. The switch RENAMES schemas in one transaction (live -> previous, replacement -> live)
 * rather than moving a pointer row: every reader and writer keeps addressing the live name
 * (`newswire`) and needs no lookup or cache invalidation, PostgreSQL DDL is transactional so no
 * reader ever sees a half-switched state, and the old read model stays as `<live>_previous` for
 * a rollback (switch back) until the next switch replaces it.
 */
export interface ReadModelSchemas {
  exists(schema: string): Promise<boolean>;
  /** Creates the schema with the read-model tables (runs the migrations); idempotent. */
  create(schema: string): Promise<void>;
  drop(schema: string): Promise<void>;
  /**
   * Creates `to` and copies into it, from one snapshot of `from`, the rows of every article but
   * those in `except`. Returns where `group` had read `topic` to in that snapshot: the copied rows
   * hold every event before those offsets.
   */
  copyArticles(opts: {
    from: string;
    to: string;
    except: string[];
    group: string;
    topic: string;
  }): Promise<Map<number, string>>;
  switchLive(opts: { live: string; replacement: string; previous?: string }): Promise<{ previous?: string }>;
  close(): Promise<void>;
}

export async function openReadModelSchemas(opts: DatabaseOptions): Promise<ReadModelSchemas> {
  const handle = await openDatabase(opts);
  const { db } = handle;
  const exists = async (schema: string): Promise<boolean> => {
    const { rows } = await sql`select 1 from pg_namespace where nspname = ${checkSchemaName(schema)}`.execute(
      db,
    );
    return rows.length > 0;
  };
  return {
    exists,
    create: (schema) => migrateReadModel(db, schema),
    drop: async (schema) => {
      await sql`drop schema if exists ${sql.id(checkSchemaName(schema))} cascade`.execute(db);
    },
    copyArticles: async ({ from, to, except, group, topic }) => {
      checkSchemaName(from);
      await migrateReadModel(db, checkSchemaName(to));
      if (!(await exists(from))) return new Map();
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          // Every table keyed by article: the same migrations made both schemas, so columns line up.
          const { rows: tables } = await sql<{ table_name: string }>`
            select table_name from information_schema.columns
            where table_schema = ${from} and column_name = 'article_id'`.execute(trx);
          for (const { table_name: table } of tables)
            await sql`insert into ${sql.table(`${to}.${table}`)}
              select * from ${sql.table(`${from}.${table}`)} where not (article_id = any(${except}::text[]))`.execute(
              trx,
            );
          return committedOffsetsIn(trx, from, group, topic);
        });
    },
    /**
     * Writers still in a transaction on the live schema are waited for (the lock below), so none
     * commits into the old tables after the switch. A projector that keeps running must re-read
     * its offsets from the new live schema (`committedOffsets`) afterwards.
     */
    switchLive: async ({ live, replacement, previous = `${live}_previous` }) => {
      for (const name of [live, replacement, previous]) checkSchemaName(name);
      if (!(await exists(replacement)))
        throw new StorageError('SCHEMA_NOT_FOUND', `schema ${replacement} does not exist`);
      return db.transaction().execute(async (trx) => {
        // `replay` says the switch is done when this returns: it must survive a crash (database.ts).
        await sql`set local synchronous_commit = on`.execute(trx);
        const { rows } = await sql`select 1 from pg_namespace where nspname = ${live}`.execute(trx);
        const hadLive = rows.length > 0;
        if (hadLive) {
          // Every batch a writer applies writes its offsets: this waits for the ones in flight.
          await sql`lock table ${sql.table(`${live}.consumer_offsets`)} in exclusive mode`.execute(trx);
          await sql`drop schema if exists ${sql.id(previous)} cascade`.execute(trx);
          await sql`alter schema ${sql.id(live)} rename to ${sql.id(previous)}`.execute(trx);
        }
        await sql`alter schema ${sql.id(replacement)} rename to ${sql.id(live)}`.execute(trx);
        return hadLive ? { previous } : {};
      });
    },
    close: () => handle.release(),
  };
}
