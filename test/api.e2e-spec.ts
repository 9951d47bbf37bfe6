import { Client } from 'pg';
import { openReadModelStore, type ReadModelStore } from '@newswire/storage';
import { history } from '../libs/projection/src/article-events.fixture';
import { appEnv, startApp, type AppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { eventually, uniquePrefix } from './support/kafka-test-env';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The api app's HTTP contract, as its own process from dist/ over a read model written through
 * the store (real PostgreSQL; /health asks the real broker): every route, the stored projection
 * sent byte for byte, ETag and 304, and 400/404 answers that say what is wrong.
 */
describe('api over HTTP', () => {
  const prefix = uniquePrefix('api');
  const schema = `e2e_${prefix.replace(/[^a-z0-9]/g, '_')}`.slice(0, 60);
  const id = 'art_api_1';
  let store: ReadModelStore;
  let app: AppProcess;
  let base: string;

  beforeAll(async () => {
    store = await openReadModelStore({ databaseUrl: DATABASE_URL, schema });
    await store.applyBatch({ events: history(id, 6), offsets: [], group: 'api-test' });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = startApp('api', appEnv(prefix, { DATABASE_URL, DB_SCHEMA: schema, HTTP_PORT: String(port) }));
    await eventually(
      async () => (await fetch(`${base}/health`)).ok || undefined,
      60000,
      250,
      () => app.logs(),
    );
  }, 90000);

  afterAll(async () => {
    await app?.stop();
    await store?.close();
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('serves the current projection as stored, with its version and an ETag', async () => {
    const stored = await store.getArticleJson(id);
    const res = await fetch(`${base}/articles/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('projection-version')).toBe(String(stored!.version));
    expect(await res.text()).toBe(stored!.json);
    expect(JSON.parse(stored!.json)).toEqual(await store.getArticle(id));

    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await fetch(`${base}/articles/${id}`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('serves versions, one version and the diff between two', async () => {
    const versions = (await (await fetch(`${base}/articles/${id}/versions`)).json()) as {
      versions: { version: number }[];
    };
    const last = versions.versions[versions.versions.length - 1].version;
    expect(last).toBeGreaterThan(1);
    const v1 = await fetch(`${base}/articles/${id}/versions/1`);
    expect(v1.status).toBe(200);
    expect(((await v1.json()) as { version: number }).version).toBe(1);
    const diff = await fetch(`${base}/articles/${id}/diff?from=1&to=${last}`);
    expect(diff.status).toBe(200);
    expect(((await diff.json()) as { changes: unknown[] }).changes.length).toBeGreaterThan(0);
  });

  it('answers bad parameters with 400 saying what is wrong, unknown ids and routes with 404', async () => {
    const answer = async (path: string) => {
      const res = await fetch(base + path);
      return { status: res.status, message: ((await res.json()) as { message: string }).message };
    };
    expect(await answer('/articles/bad%20id')).toEqual({
      status: 400,
      message: expect.stringContaining('id'),
    });
    expect(await answer('/articles?limit=1000')).toEqual({
      status: 400,
      message: expect.stringContaining('limit'),
    });
    expect(await answer('/articles?cursor=not-a-cursor')).toEqual({
      status: 400,
      message: expect.stringContaining('cursor'),
    });
    expect(await answer(`/articles/${id}/diff?from=a&to=2`)).toEqual({
      status: 400,
      message: expect.stringContaining('from'),
    });
    expect(await answer('/articles/art_unknown')).toEqual({
      status: 404,
      message: 'article art_unknown not found',
    });
    expect(await answer(`/articles/${id}/versions/99`)).toEqual({
      status: 404,
      message: `version 99 of article ${id} not found`,
    });
    expect((await answer('/no-such-route')).status).toBe(404);
  });

  it('searches, lists outlets, and serves /health, /metrics and the OpenAPI description at /docs', async () => {
    const search = (await (await fetch(`${base}/articles?outlet=irib`)).json()) as {
      items: { articleId: string }[];
    };
    expect(search.items.map((a) => a.articleId)).toEqual([id]);
    expect((await fetch(`${base}/outlets`)).status).toBe(200);

    const health = (await (await fetch(`${base}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('process_cpu_user_seconds_total');

    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const openapi = (await (await fetch(`${base}/docs/json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/articles', '/articles/{id}', '/articles/{id}/diff', '/outlets', '/health']),
    );
  });
});
