import { sql } from 'kysely';
import { openDatabase, type DatabaseOptions } from './database';
import { migrateReadModel } from './read-model.migrations';
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
