import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli-process';
import { freePort } from './support/free-port';
import { eventually, uniquePrefix } from './support/kafka-test-env';

const CLI = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const EXPECTED = join(__dirname, '..', 'fixtures', 'seed', 'expected-attributions.json');

/**
 * `newswire start --demo` (what `npm start` runs) with no DATABASE_URL: every app as its own process
 * over the embedded PostgreSQL (PGlite) in a data folder; /health reports Kafka and PostgreSQL; the
 * demo's table holds the seed story with the outlets it must cite, a cross-feed copy, a revision and
 * a kill; the API serves them; SIGINT (Ctrl-C) stops it all cleanly.
 */
describe('newswire start with the embedded database', () => {
  it('brings the stack up, prints the demo table, serves its stories, and stops cleanly on Ctrl-C', async () => {
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
      // The workers take this port and the next two, one each.
      METRICS_PORT: String(await freePort()),
      INGEST_PORT: String(await freePort()),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'newswire-start-')),
    };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [CLI, 'start', '--demo'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      stdout += c.toString();
    });
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
        details: Record<string, { status: string }>;
      };
      expect(health).toMatchObject({
        status: 'ok',
        details: { kafka: { status: 'up' }, postgresql: { status: 'up' } },
      });

      // The demo's summary, on stdout: the seed story once, as the original of its cross-feed copy,
      // citing the outlets the seed fixture expects; the agency story revised, then killed.
      await eventually(
        () => (stdout.includes('health: http') ? true : undefined),
        180000,
        250,
        () => out,
      );
      expect(out).not.toContain('the table may lack some');
      const rows = stdout.split('\n');
      expect(rows.find((r) => r.startsWith('article '))).toMatch(
        /version\s+status.*headline\s+outlets cited\s+copies/,
      );
      const seedRows = rows.filter(
        (r) => r.startsWith('art_') && r.includes('Heads of Iran-allied militant groups meet in Tehran'),
      );
      expect(seedRows).toHaveLength(1);
      const seedCells = seedRows[0].trim().split(/\s{2,}/);
      expect(seedCells[seedCells.length - 1]).toBe('1');
      const cited = seedCells[seedCells.length - 2].split(', ');
      const expected = JSON.parse(readFileSync(EXPECTED, 'utf8'))['seed-story.txt'].expected as {
        outlet: string;
      }[];
      for (const { outlet } of expected.filter((e) => e.outlet !== 'unnamed'))
        expect(cited).toContain(outlet);
      expect(rows.some((r) => /\s3\s+withdrawn\s/.test(r))).toBe(true);
      expect(stdout).toContain('Who reported what in the seed story');
      // The demo feed polled and its drop folder's file taken, by the ingest app, into the table.
      expect(stdout).toMatch(/demo-rss\s+http-poll\s+3 items published/);
      expect(stdout).toMatch(/demo-drop\s+drop-folder\s+1 items published/);
      expect(rows.some((r) => r.includes('Harbour ferry returns to service'))).toBe(true);
      // The router's demo subscription (stories citing state media) received the seed story, in ninjs.
      expect(stdout).toContain("What the subscription 'state-media' received");
      expect(rows.some((r) => /^\s+art_\w+\s+v\d+\s+\w+\s+usable\s+Heads of Iran-allied/.test(r))).toBe(true);

      // The API serves what the demo published, by outlet.
      const byFars = (await (await fetch(`http://127.0.0.1:${port}/articles?outlet=fars`)).json()) as {
        items: { headline: string }[];
      };
      expect(byFars.items.map((a) => a.headline)).toContain(
        'Heads of Iran-allied militant groups meet in Tehran',
      );

      // One METRICS_PORT for the stack: each worker serves its own /metrics on the next port.
      for (const [i, service] of ['normalizer', 'curator', 'projector'].entries()) {
        const metrics = await fetch(`http://127.0.0.1:${Number(env.METRICS_PORT) + i}/metrics`);
        expect(await metrics.text()).toContain(`service="${service}"`);
      }

      // A CLI command without DATABASE_URL works on the stack's read model (it joins the served
      // database): the live model equals one rebuilt from the log.
      const shared = ['TOPIC_PREFIX', 'GROUP_PREFIX', 'TOPIC_PARTITIONS', 'EMBEDDED_DB_PORT', 'DATA_DIR'];
      const verify = await runCli(
        ['replay', 'projections', '--verify'],
        { ...Object.fromEntries(shared.map((k) => [k, env[k]!])), DATABASE_URL: '' },
        120000,
      );
      expect(verify.code).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ identical: true });
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('stopped');
  }, 300000);
});
