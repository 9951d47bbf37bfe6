import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli-process';
import { freePort } from './support/free-port';
import { eventually, uniquePrefix } from './support/kafka-test-env';

const CLI = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const SEED = join(__dirname, '..', '..', 'shared', 'fixtures', 'seed', '000_bde1b6c8b60ca751.txt');

/**
 * `newswire start` (what `npm start` runs) with no DATABASE_URL: every app as its own process over
 * the embedded PostgreSQL (PGlite) in a data folder; /health reports Kafka and PostgreSQL; the seed
 * story flows through to the API; SIGINT (Ctrl-C) stops it all cleanly.
 */
describe('newswire start with the embedded database', () => {
  it('brings the stack up, serves the seed story, and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const prefix = uniquePrefix('start');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TOPIC_PREFIX: prefix,
      GROUP_PREFIX: `${prefix}g`,
      TOPIC_PARTITIONS: '2',
      SESSION_TIMEOUT_MS: '6000',
      HTTP_PORT: String(port),
      EMBEDDED_DB_PORT: String(await freePort()),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'newswire-start-')),
    };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [CLI, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await eventually(
        () => (out.includes('API listening on') ? true : undefined),
        120000,
        250,
        () => out,
      );
      expect(out).toContain('embedded PostgreSQL (PGlite)');
      const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
        status: string;
        info: Record<string, { status: string }>;
      };
      expect(health).toMatchObject({
        status: 'ok',
        info: { kafka: { status: 'up' }, postgresql: { status: 'up' } },
      });

      const cliEnv = { TOPIC_PREFIX: prefix } as Record<string, string>;
      expect((await runCli(['publish', SEED, '--source', 'start-feed'], cliEnv)).code).toBe(0);
      const article = await eventually(
        async () => {
          const r = (await (await fetch(`http://127.0.0.1:${port}/articles?outlet=irib`)).json()) as {
            items: { headline: string }[];
          };
          return r.items?.[0];
        },
        60000,
        500,
        () => out,
      );
      expect(article.headline).toBe('Heads of Iran-allied militant groups meet in Tehran');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('stopped');
  }, 240000);
});
