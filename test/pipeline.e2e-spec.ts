import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageBus } from '@newswire/kafka';
import { appEnv, appLogs, pinoLines, startApp, type AppProcess } from './support/app-process';
import { runCli } from './support/cli-process';
import { dropSchemas } from './support/database';
import { freePort } from './support/free-port';
import { createTopics, eventually, kafkaClient, testBus, uniquePrefix } from './support/kafka-test-env';

const SEED = join(__dirname, '..', 'fixtures', 'seed', 'seed-story.txt');
const NINJS = join(__dirname, '..', 'fixtures', 'samples', 'iran-drones.ninjs.json');
const APPS = ['normalizer', 'curator', 'projector', 'api'];

type Projection = {
  articleId: string;
  version: number;
  status: string;
  headline: string;
  body: string[];
  attributions: { outlet: { id: string }; claims: unknown[] }[];
  duplicates: { source: string }[];
  sources: { source: string }[];
};

describe('the whole pipeline on the real broker and PostgreSQL', () => {
  let bus: MessageBus;
  let env: Record<string, string>;
  let api: string;
  const apps: AppProcess[] = [];
  const work = mkdtempSync(join(tmpdir(), 'newswire-e2e-'));

  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(api + path);
    return { status: res.status, body: (await res.json()) as T };
  };
  const logs = () => appLogs(apps);

  beforeAll(async () => {
    bus = testBus();
    const prefix = uniquePrefix('pipeline');
    await createTopics(bus, prefix);
    const port = await freePort();
    env = appEnv(prefix, {
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      DB_SCHEMA: `e2e_${prefix.replace(/[^a-z0-9]/g, '_')}`.slice(0, 60),
      HTTP_PORT: String(port),
    });
    api = `http://127.0.0.1:${port}`;
    for (const name of APPS) apps.push(startApp(name, env));
    await eventually(async () => (await fetch(`${api}/health`)).ok || undefined, 60000, 500, logs);
  }, 90000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await bus.close();
    await dropSchemas(env.DATABASE_URL, env.DB_SCHEMA);
  });

  it('runs every app on the Kafka client the tests run on (KAFKA_CLIENT reaches the apps)', () => {
    for (const app of apps) {
      const said = pinoLines<{ msg: string; kafkaClient?: string }>(app.logs()).filter(
        (l) => l.msg === 'kafka client',
      );
      expect(said.map((l) => l.kafkaClient)).toEqual([kafkaClient()]);
    }
  });

  it('serves the seed story, published with `newswire publish`, with its five attributions', async () => {
    const published = await runCli(['publish', SEED, '--source', 'feed-a'], env);
    expect(published.code).toBe(0);
    const found = await eventually(
      async () => {
        const r = await get<{ items: Projection[] }>('/articles?outlet=fars');
        return r.body.items?.length ? r.body.items[0] : undefined;
      },
      60000,
      500,
      logs,
    );
    const { status, body } = await get<Projection>(`/articles/${found.articleId}`);
    expect(status).toBe(200);
    expect(body.headline).toBe('Heads of Iran-allied militant groups meet in Tehran');
    const claims = body.attributions.flatMap((g) => g.claims.map(() => g.outlet.id)).sort();
    expect(claims).toEqual(['al-manar', 'fars', 'irib', 'irib', 'unnamed:state-media'].sort());
  }, 90000);

  it('shows a copy of the seed from another feed under duplicates', async () => {
    expect((await runCli(['publish', SEED, '--source', 'feed-b'], env)).code).toBe(0);
    const article = await eventually(
      async () => {
        const r = await get<{ items: Projection[] }>('/articles?outlet=fars');
        const a = r.body.items?.[0];
        return a && a.duplicates.length === 1 ? a : undefined;
      },
      60000,
      500,
      logs,
    );
    expect(article.duplicates[0].source).toBe('feed-b');
    expect((await get<{ items: Projection[] }>('/articles?outlet=fars')).body.items).toHaveLength(1);
  }, 90000);

  it('makes version 2 from a revision, shows the change in the diff, and withdraws the article on a kill', async () => {
    const original = JSON.parse(readFileSync(NINJS, 'utf8'));
    const revised = {
      ...original,
      version: '2',
      versionCreated: '2024-04-19T08:30:00Z',
      headlines: [
        {
          role: 'main',
          value: 'UPDATE 1-Iran says air defences downed drones near Isfahan, no damage reported',
        },
      ],
    };
    const killed = {
      ...revised,
      version: '3',
      versionCreated: '2024-04-19T09:00:00Z',
      pubStatus: 'canceled',
    };
    const files = [
      ['v1.json', original],
      ['v2.json', revised],
      ['v3.json', killed],
    ].map(([name, doc]) => {
      const file = join(work, name as string);
      writeFileSync(file, JSON.stringify(doc));
      return file;
    });
    expect((await runCli(['publish', files[0], '--source', 'reuters'], env)).code).toBe(0);
    const v1 = await eventually(
      async () => (await get<{ items: Projection[] }>('/articles?q=Isfahan')).body.items?.[0],
      60000,
      500,
      logs,
    );
    expect(v1.version).toBe(1);
    expect((await runCli(['publish', files[1], '--source', 'reuters'], env)).code).toBe(0);
    const v2 = await eventually(
      async () => {
        const a = (await get<Projection>(`/articles/${v1.articleId}`)).body;
        return a.version === 2 ? a : undefined;
      },
      60000,
      500,
      logs,
    );
    expect(v2.headline).toContain('no damage reported');
    const diff = await get<{ changes: { field: string; from: unknown; to: unknown }[] }>(
      `/articles/${v1.articleId}/diff?from=1&to=2`,
    );
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'headline',
          from: original.headlines[0].value,
          to: revised.headlines[0].value,
        }),
      ]),
    );
    const versions = await get<{ versions: { version: number }[] }>(`/articles/${v1.articleId}/versions`);
    expect(versions.body.versions.map((v) => v.version)).toEqual([1, 2]);

    expect((await runCli(['publish', files[2], '--source', 'reuters'], env)).code).toBe(0);
    const withdrawn = await eventually(
      async () => {
        const a = (await get<Projection>(`/articles/${v1.articleId}`)).body;
        return a.status === 'withdrawn' ? a : undefined;
      },
      60000,
      500,
      logs,
    );
    expect(withdrawn.version).toBe(3);
  }, 120000);

  it('dead-letters a story it refuses, which `newswire dlq` lists, shows byte for byte and redrives', async () => {
    const file = join(work, 'entity.xml');
    const bytes = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "boom">]>\n<newsItem>&e;</newsItem>\n';
    writeFileSync(file, bytes);
    expect((await runCli(['publish', file, '--source', 'feed-x'], env)).code).toBe(0);
    type Listed = { offset: string; code: string; stage: string; originalTopic: string; bytes: number };
    const listed = async () =>
      (await runCli(['dlq', 'list', '--code', 'INSECURE_XML'], env)).stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Listed);
    const [dead] = await eventually(
      async () => ((await listed()).length === 1 ? listed() : undefined),
      60000,
      500,
      logs,
    );
    expect(dead).toMatchObject({ stage: 'normalizer', originalTopic: `${env.TOPIC_PREFIX}wire.raw.v1` });
    expect(dead.bytes).toBe(Buffer.byteLength(bytes));
    expect((await runCli(['dlq', 'show', dead.offset, '--raw'], env)).stdout).toBe(bytes);

    const unfiltered = await runCli(['dlq', 'redrive'], env);
    expect(unfiltered.code).toBe(2);
    expect(unfiltered.stderr).toContain('--all');
    const redriven = await runCli(['dlq', 'redrive', '--code', 'INSECURE_XML'], env);
    expect(JSON.parse(redriven.stdout)).toEqual({ redriven: 1, skipped: 0 });
    // Back on its topic with its own headers, it is refused again: a second record, the same bytes.
    const again = await eventually(
      async () => ((await listed()).length === 2 ? listed() : undefined),
      60000,
      500,
      logs,
    );
    expect(again[1]).toMatchObject({ code: 'INSECURE_XML', stage: 'normalizer', bytes: dead.bytes });
    const shown = JSON.parse((await runCli(['dlq', 'show', again[1].offset], env)).stdout) as {
      headers: Record<string, string>;
      value: string;
    };
    expect(shown.value).toBe(bytes);
    expect(shown.headers['wire-source']).toBe('feed-x');
  }, 120000);

  it('answers bad parameters with 400 and unknown ids with 404', async () => {
    const bad = await get<{ detail: string }>('/articles?since=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/since/);
    expect((await get('/articles?limit=1000')).status).toBe(400);
    expect((await get('/articles?cursor=not-a-cursor')).status).toBe(400);
    expect((await get('/articles?colour=red')).status).toBe(400);
    expect((await get('/articles/art_doesnotexist')).status).toBe(404);
    expect((await get('/articles/x/diff?from=a&to=2')).status).toBe(400);
  });

  it('reads each event once: the projector never took a batch after a commit marker for a read model behind', () => {
    // It stores where it reads on from, past the curator's markers; stored as last event + 1, every
    // batch that followed a curator transaction rewound and was fetched twice.
    const projector = apps.find((a) => a.name === 'projector')!;
    expect(projector.logs()).not.toContain('read model is behind the consumer: rewinding');
  });
});
