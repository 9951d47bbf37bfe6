import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock';

export interface EmbeddedPostgres {
  /** A postgres:// URL that every app process can use, as with a real server. */
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite is one in-process database; the apps are several processes. `newswire start` without a
 * DATABASE_URL therefore serves one PGlite data folder over the PostgreSQL wire protocol on
 * loopback. The server multiplexes connections and keeps a transaction on the connection that
 * opened it, so the projector's transactions stay atomic beside the API's reads.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  host?: string;
}): Promise<EmbeddedPostgres> {
  mkdirSync(opts.dataDir, { recursive: true });
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 54329;
  const unlock = lockDataDir(opts.dataDir, port);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer;
  try {
    db = await PGlite.create({ dataDir: opts.dataDir });
    server = new PGLiteSocketServer({ db, host, port, maxConnections: 64 });
    await server.start();
  } catch (error) {
    await db?.close();
    unlock();
    throw error;
  }
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await db!.close();
      unlock();
    },
  };
}
