import { mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { Client, Pool } from 'pg';
import { lockDataDir, servedPort } from './data-dir-lock';
import { pgliteDialect } from './pglite.dialect';

export interface DatabaseOptions {
  /** postgres:// URL; when absent, the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  /** Folder of the embedded database (default `.data`); PGlite keeps its files in `<dataDir>/pgdata`. */
  dataDir?: string;
  /** How long a pool keeps an unused connection open (default pg's 10 s; 0: for good). */
  poolIdleMs?: number;
}

/** Where the embedded database keeps its files: `newswire start` serves this same folder. */
export function embeddedDataDir(dataDir = '.data'): string {
  return resolve(dataDir, 'pgdata');
}

/** A Kysely handle on PostgreSQL or PGlite; `release` closes it (the last user closes PGlite). */
export interface DatabaseHandle {
  // Tables live in a schema chosen at run time, so queries are written schema-qualified in SQL.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  embedded: boolean;
  /**
   * Runs a hot read as a named prepared statement (parsed and planned once per connection; kysely
   * sends every statement unnamed). `name` must be unique for `text`. Embedded: a plain query.
   */
  prepared<R>(name: string, text: string, values: unknown[]): Promise<R[]>;
  /**
   * Runs a health check's query on a connection of its own: under load the pool's callers queue
   * for a connection, and a check behind them would call a busy database down.
   */
  probe(text: string): Promise<void>;
  release(): Promise<void>;
}

/**
 * Without a URL, one embedded database per DATA_DIR: when a running `newswire start` serves that
 * folder (its lock file names the port), its server, so that a CLI command sees what the stack's
 * apps see; else the folder opened in this process, locked against a second process.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolIdleMs);
  const dir = embeddedDataDir(opts.dataDir);
  const port = servedPort(dir);
  if (port !== undefined && (await answers(port)))
    return openPostgres(`postgres://postgres@127.0.0.1:${port}/postgres`, opts.poolIdleMs);
  return openEmbedded(dir);
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function openPostgres(url: string, idleTimeoutMillis?: number): Promise<DatabaseHandle> {
  await ensureDatabase(url);
  // The read model is derived state: a batch's rows and the offsets they were built from commit
  // together, so a commit that a PostgreSQL crash loses (the last ~200 ms at most) is rebuilt from the
  // log on restart. Commits need not wait for the WAL flush (p99 30 ms of a projector batch at 500/s).
  const pool = new Pool({
    connectionString: url,
    max: 10,
    idleTimeoutMillis,
    options: '-c synchronous_commit=off',
  });
  // A connection that the server closes (restart, failover, shutdown) emits 'error' on the pool when
  // idle, or on its client when checked out between queries; unheard, either kills the process. The
  // pool drops broken clients and the next query connects afresh; callers see the failure on their
  // own query and retry it, so here there is nothing to do but not crash.
  const probes = new Pool({ connectionString: url, max: 1, idleTimeoutMillis });
  for (const p of [pool, probes]) {
    p.on('error', () => undefined);
    p.on('connect', (client) => client.on('error', () => undefined));
  }
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  // PGlite served over a socket (`newswire start`) runs every connection in its one session: a
  // statement that one connection named is still there for the next, whose Parse of that name then
  // fails (42P05). Against it statements go unnamed. Asked on first use, so that an app still starts
  // while its database is down.
  let oneSession: Promise<boolean> | undefined;
  let released: Promise<void> | undefined;
  const sessionShared = () =>
    (oneSession ??= servesOneSession(pool).catch((error: unknown) => {
      oneSession = undefined;
      throw error;
    }));
  return {
    db,
    embedded: false,
    prepared: async (name, text, values) =>
      (await pool.query((await sessionShared()) ? { text, values } : { name, text, values })).rows,
    probe: async (text) => {
      await probes.query(text);
    },
    // Once: a second release (a caller closing a store twice) would end the probe pool again, which pg refuses.
    release: () => (released ??= Promise.all([db.destroy(), probes.end()]).then(() => undefined)),
  };
}

async function servesOneSession(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ version: string }>('select version()');
  return rows[0].version.includes('(PGlite ');
}

/** Creates the URL's database when it does not exist, through the `postgres` maintenance database. */
async function ensureDatabase(url: string): Promise<void> {
  const target = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!target || target === 'postgres') return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [target]);
    if (found.rowCount === 0) {
      await client
        .query(`create database "${target.replace(/"/g, '""')}"`)
        .catch((error: { code?: string }) => {
          // 42P04 duplicate_database: another process created it between our check and create.
          if (error.code !== '42P04') throw error;
        });
    }
  } finally {
    await client.end();
  }
}

/**
 * PGlite allows one instance per data folder, and replay opens a live and a scratch store side by
 * side, so instances are shared per folder and closed when the last handle is released.
 */
const embedded = new Map<string, { client: Promise<PGlite>; users: number; unlock: () => void }>();

async function openEmbedded(dir: string): Promise<DatabaseHandle> {
  let entry = embedded.get(dir);
  if (!entry) {
    mkdirSync(dir, { recursive: true });
    const unlock = lockDataDir(dir);
    // The file-system bundle is read here rather than by PGlite's own loader, which fails inside
    // jest's module sandbox ("Invalid FS bundle size"); node:fs reads the same bytes everywhere.
    const fsBundle = new Blob([
      readFileSync(join(dirname(require.resolve('@electric-sql/pglite')), 'pglite.data')),
    ]);
    entry = { client: PGlite.create(dir, { fsBundle }), users: 0, unlock };
    embedded.set(dir, entry);
  }
  entry.users++;
  const shared = entry;
  const client = await shared.client;
  const db = new Kysely({ dialect: pgliteDialect(client) });
  let released = false;
  return {
    db,
    embedded: true,
    prepared: async <R>(_name: string, text: string, values: unknown[]) =>
      (await client.query<R>(text, values)).rows,
    probe: async (text) => {
      await client.query(text);
    },
    release: async () => {
      if (released) return;
      released = true;
      await db.destroy();
      if (--shared.users === 0) {
        embedded.delete(dir);
        await client.close();
        shared.unlock();
      }
    },
  };
}
