import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createClient from 'openapi-fetch';
import { Client } from 'pg';
import { applyEvents } from '@newswire/runtime';
import {
  openReadModelStore,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type ReadModelStore,
} from '@newswire/storage';
import type { paths } from '../apps/api/openapi/openapi';
import { openApiDocument } from '../apps/api/src/openapi.document';
import { history } from '../libs/projection/src/article-events.fixture';
import { appEnv, startApp, type AppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { eventually, uniquePrefix } from './support/kafka-test-env';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Starts the built api on a free port and waits until it answers `ready` (a path). */
async function startApi(
  prefix: string,
  env: Record<string, string>,
  ready = '/health',
): Promise<{ app: AppProcess; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = startApp('api', appEnv(prefix, { ...env, HTTP_PORT: String(port) }));
  await eventually(
    async () => (await fetch(base + ready)).ok || undefined,
    60000,
    250,
    () => app.logs(),
  );
  return { app, base };
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { in: string; parameter: string; detail: string }[];
}

/** An error answer: RFC 9457 problem+json, never cached, no ETag. */
async function problemAt(url: string): Promise<Problem & { headers: Headers }> {
  const res = await fetch(url);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(res.headers.get('etag')).toBeNull();
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as Problem;
  expect(body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    }),
  );
  expect(body.status).toBe(res.status);
  return { ...body, headers: res.headers };
}

/**
 * The api app's HTTP contract, as its own process from dist/ over a read model written through
 * the store (real PostgreSQL; /health asks the real broker): every route, the stored projection
 * sent byte for byte, ETag and 304 per RFC 9110, problem+json errors naming the parameter, the
 * OpenAPI document and a client generated from it.
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
    await applyEvents(store, { events: history(id, 6), offsets: [], group: 'api-test' });
    ({ app, base } = await startApi(prefix, { DATABASE_URL, DB_SCHEMA: schema }));
  }, 90000);

  afterAll(async () => {
    await app?.stop();
    await store?.close();
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('serves the current projection as stored, with its version, an ETag and its caching headers', async () => {
    const stored = await store.getArticleJson(id);
    const res = await fetch(`${base}/articles/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('projection-version')).toBe(String(stored!.version));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(stored!.json);
    expect(JSON.parse(stored!.json)).toEqual(await store.getArticle(id));
    expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
  });

  it('answers If-None-Match per RFC 9110: its tag, *, a list of tags, a weak tag; 200 when none matches', async () => {
    const etag = (await fetch(`${base}/articles/${id}`)).headers.get('etag')!;
    const status = async (ifNoneMatch: string) => {
      const res = await fetch(`${base}/articles/${id}`, { headers: { 'if-none-match': ifNoneMatch } });
      const body = await res.text();
      if (res.status === 304) {
        expect(body).toBe('');
        expect(res.headers.get('etag')).toBe(etag);
      }
      return res.status;
    };
    expect(await status(etag)).toBe(304);
    expect(await status('*')).toBe(304);
    expect(await status(`"older", ${etag}`)).toBe(304);
    expect(await status(`"older",${etag} , "newer"`)).toBe(304);
    expect(await status(`W/${etag}`)).toBe(304);
    expect(await status('"older", W/"newer"')).toBe(200);
    // `*` needs a current representation: an unknown article is a 404 whatever the header says.
    const unknown = await fetch(`${base}/articles/art_unknown`, { headers: { 'if-none-match': '*' } });
    expect(unknown.status).toBe(404);
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

  it('answers every error with problem+json (RFC 9457) that names the offending parameter', async () => {
    const invalid = async (path: string) => {
      const p = await problemAt(base + path);
      expect(p).toEqual(
        expect.objectContaining({ status: 400, type: '/problems/invalid-parameter', instance: path }),
      );
      return p.errors!.map((e) => `${e.in} ${e.parameter}`);
    };
    expect(await invalid('/articles/bad%20id')).toEqual(['path id']);
    expect(await invalid(`/articles/${id}/versions/0`)).toEqual(['path n']);
    expect(await invalid('/articles?limit=1000')).toEqual(['query limit']);
    expect(await invalid('/articles?cursor=not-a-cursor')).toEqual(['query cursor']);
    expect(await invalid(`/articles/${id}/diff?from=a&to=2`)).toEqual(['query from']);
    expect(await invalid('/articles?colour=red')).toEqual(['query colour']);
    // PostgreSQL refused these with 500s: text cannot hold NUL, and it has no year 0.
    expect(await invalid('/articles?q=abc%00def')).toEqual(['query q']);
    expect(await invalid('/articles?since=0000-01-01')).toEqual(['query since']);
    expect(await invalid('/articles?until=0000-12-31T00:00:00Z')).toEqual(['query until']);
    const forged = Buffer.from(JSON.stringify(['2024-06-01T00:00:00.000Z', 'a\u0000b'])).toString(
      'base64url',
    );
    expect(await invalid(`/articles?cursor=${forged}`)).toEqual(['query cursor']);

    expect(await problemAt(`${base}/articles/art_unknown`)).toEqual(
      expect.objectContaining({
        status: 404,
        type: '/problems/not-found',
        detail: 'article art_unknown not found',
      }),
    );
    expect(await problemAt(`${base}/articles/${id}/versions/99`)).toEqual(
      expect.objectContaining({ status: 404, detail: `version 99 of article ${id} not found` }),
    );
    expect(await problemAt(`${base}/no-such-route`)).toEqual(
      expect.objectContaining({ status: 404, type: 'about:blank', title: 'Not Found' }),
    );
  });

  it('searches, lists outlets, and serves liveness, readiness, /health and /metrics', async () => {
    const search = (await (await fetch(`${base}/articles?outlet=irib`)).json()) as {
      items: { articleId: string }[];
    };
    expect(search.items.map((a) => a.articleId)).toEqual([id]);
    expect((await fetch(`${base}/outlets`)).status).toBe(200);

    const live = await fetch(`${base}/health/live`);
    expect(await live.json()).toEqual({ status: 'ok' });
    expect(live.headers.get('cache-control')).toBe('no-store');
    const ready = (await (await fetch(`${base}/health/ready`)).json()) as Record<string, unknown>;
    expect(ready).toEqual({ status: 'ok', details: { postgresql: { status: 'up' } } });
    const health = (await (await fetch(`${base}/health`)).json()) as { status: string; details: object };
    expect(health.status).toBe('ok');
    expect(Object.keys(health.details).sort()).toEqual(['kafka', 'postgresql']);

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('process_cpu_user_seconds_total');
  });

  it('serves its OpenAPI 3.1 document at /docs/json (generated from its schemas) and the docs page at /docs under a CSP', async () => {
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    expect(docs.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    const openapi = (await (await fetch(`${base}/docs/json`)).json()) as { openapi: string };
    expect(openapi.openapi).toBe('3.1.0');
    expect(openapi).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('is called by a client generated from that document (openapi-typescript types, openapi-fetch)', async () => {
    const client = createClient<paths>({ baseUrl: base });
    const article = await client.GET('/articles/{id}', { params: { path: { id } } });
    expect(article.response.status).toBe(200);
    expect(article.data!.articleId).toBe(id);
    const page = await client.GET('/articles', { params: { query: { outlet: 'irib', limit: 5 } } });
    expect(page.data!.items.map((a) => a.articleId)).toEqual([id]);
    const versions = await client.GET('/articles/{id}/versions', { params: { path: { id } } });
    const diff = await client.GET('/articles/{id}/diff', {
      params: { path: { id }, query: { from: 1, to: versions.data!.versions.length } },
    });
    expect(diff.data!.changes.length).toBeGreaterThan(0);
    const missing = await client.GET('/articles/{id}/versions/{n}', { params: { path: { id, n: 99 } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error!.detail).toBe(`version 99 of article ${id} not found`);
    const bad = await client.GET('/articles', { params: { query: { since: '0000-01-01' } } });
    expect(bad.error!.errors).toEqual([{ in: 'query', parameter: 'since', detail: 'years start at 0001' }]);
    const outlets = await client.GET('/outlets');
    expect(outlets.data!.outlets.map((o) => o.id)).toContain('irib');
  });

  it('answers 503 with Retry-After while the read model has no tables yet, and is live but not ready', async () => {
    const empty = await startApi(
      `${prefix}-empty`,
      { DATABASE_URL, DB_SCHEMA: `${schema.slice(0, 50)}_none` },
      '/health/live',
    );
    try {
      for (const path of ['/articles', `/articles/${id}`, '/health/ready']) {
        const p = await problemAt(empty.base + path);
        expect(p).toEqual(expect.objectContaining({ status: 503, type: '/problems/unavailable' }));
        expect(p.headers.get('retry-after')).toBe('5');
      }
    } finally {
      await empty.app.stop();
    }
  }, 90000);
});

/**
 * The api on the embedded database that `newswire start` serves: PGlite behind one socket server is
 * one session for every connection, so a statement one connection prepared is there for the next.
 */
describe('api over the embedded database', () => {
  const prefix = uniquePrefix('api-embedded');
  const ids = ['art_api_embedded_1', 'art_api_embedded_2', 'art_api_embedded_3'];
  const IDLE_MS = 300;
  let dir: string;
  let embedded: EmbeddedPostgres;
  let store: ReadModelStore;
  let app: AppProcess;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'newswire-api-embedded-'));
    embedded = await startEmbeddedPostgres({ dataDir: join(dir, 'pgdata'), port: await freePort() });
    store = await openReadModelStore({ databaseUrl: embedded.url });
    for (const id of ids)
      await applyEvents(store, { events: history(id, 3), offsets: [], group: 'api-test' });
    ({ app, base } = await startApi(prefix, {
      DATABASE_URL: embedded.url,
      DB_POOL_IDLE_MS: String(IDLE_MS),
    }));
  }, 90000);

  afterAll(async () => {
    await app?.stop();
    await store?.close();
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads articles again after its pool has closed the idle connections', async () => {
    const read = async (id: string) => {
      const res = await fetch(`${base}/articles/${id}`);
      return { status: res.status, body: await res.text() };
    };
    const first = await Promise.all(ids.map(read));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    for (let round = 0; round < 3; round++) {
      // Past the idle timeout the pool closes its connections; the next reads open new ones.
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 3));
      expect(await Promise.all(ids.map(read))).toEqual(first);
    }
  }, 30000);

  it('stays live and ready while 1,000 concurrent GETs fill its pool', async () => {
    let inFlight = 0;
    const gets = Array.from({ length: 1000 }, async (_, i) => {
      inFlight++;
      try {
        return (await fetch(`${base}/articles/${ids[i % ids.length]}`)).status;
      } finally {
        inFlight--;
      }
    });
    const probes: { path: string; status: number; inFlight: number }[] = [];
    const probing = (async () => {
      while (inFlight > 0) {
        for (const path of ['/health/live', '/health/ready']) {
          const { status } = await fetch(base + path);
          probes.push({ path, status, inFlight });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const statuses = await Promise.all(gets);
    await probing;
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // The probes ran while the GETs queued for the pool, and none called the api down.
    expect(probes.filter((p) => p.inFlight > 100).length).toBeGreaterThan(0);
    expect(probes.filter((p) => p.status !== 200)).toEqual([]);
  }, 120000);
});
