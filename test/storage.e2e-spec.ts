import { applyEvents } from '@newswire/runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { ArticleEvent, ArticleProjection } from '@newswire/contracts';
import { canonicalJson, project, projectionDigest } from '@newswire/projection';
import {
  openReadModelSchemas,
  openReadModelStore,
  StorageError,
  VERSION_SNAPSHOT_EVERY,
  type ReadModelSchemas,
  type ReadModelStore,
} from '@newswire/storage';
import {
  attribution,
  duplicate,
  history,
  published,
  revised,
  withdrawn,
} from '../libs/projection/src/article-events.fixture';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const schemaName = (name: string): string => `st_${run}_${name}`;

const batch = (events: ArticleEvent[], nextOffset = String(events.length), group = 'projector') => ({
  events,
  group,
  offsets: [{ topic: 'article.events.v1', partition: 0, nextOffset }],
});

async function dumpTables(schema: string): Promise<Record<string, unknown[]>> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of ['articles', 'article_version_chunks', 'attributions', 'consumer_offsets']) {
      out[table] = (await client.query(`select * from "${schema}"."${table}" order by 1, 2`)).rows;
    }
    return out;
  } finally {
    await client.end();
  }
}

describe('read model store on PostgreSQL', () => {
  let schemas: ReadModelSchemas;
  const opened: ReadModelStore[] = [];
  const open = async (name: string): Promise<ReadModelStore> => {
    const store = await openReadModelStore({ databaseUrl: DATABASE_URL, schema: schemaName(name) });
    opened.push(store);
    return store;
  };

  beforeAll(async () => {
    schemas = await openReadModelSchemas({ databaseUrl: DATABASE_URL });
  });

  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ nspname: string }>(
      `select nspname from pg_namespace where nspname like $1`,
      [`st_${run}_%`],
    );
    await client.end();
    for (const r of rows) await schemas.drop(r.nspname);
    await schemas.close();
  });

  it('applies a batch: current projection, every version, attribution rows, sequences and offsets', async () => {
    const store = await open('apply');
    const events = [
      published('a1', {}, [attribution('irib', 10), attribution('fars', 50), attribution('irib', 90)]),
      revised('a1', 2, { headline: 'Talks to resume Monday' }),
      duplicate('a1', 3, 'wire-b'),
    ];
    const changed = await applyEvents(store, batch(events));
    expect(changed.map((p) => [p.articleId, p.version])).toEqual([['a1', 3]]);

    const article = await store.getArticle('a1');
    expect(article).toMatchObject({
      version: 3,
      headline: 'Talks to resume Monday',
      duplicates: [expect.objectContaining({ source: 'wire-b' })],
    });
    expect((await store.getVersion('a1', 1))?.headline).toBe('Iran says talks will continue');
    expect(await store.getVersion('a1', 4)).toBeUndefined();
    expect(await store.getArticle('nope')).toBeUndefined();
    expect(await store.listVersions('a1')).toEqual([
      { version: 1, at: events[0].occurredAt, kind: 'published' },
      { version: 2, at: events[1].occurredAt, kind: 'update' },
      { version: 3, at: events[2].occurredAt, kind: 'duplicate' },
    ]);
    expect(await store.committedOffsets('projector', 'article.events.v1')).toEqual(new Map([[0, '3']]));
    const rows = await dumpTables(store.schema);
    // the revision's attributions (one IRIB claim) replaced the three of version 1
    expect(rows.attributions).toEqual([
      expect.objectContaining({
        article_id: 'a1',
        ordinal: 0,
        outlet_id: 'irib',
        start_offset: 40,
        cue: 'reported',
      }),
    ]);
    expect(rows.articles).toEqual([expect.objectContaining({ article_id: 'a1', last_sequence: 3 })]);
  });

  it('changes no row when the same batch is delivered again (exactly-once sink)', async () => {
    const store = await open('redeliver');
    const events = [...history('b1', 7), ...history('b2', 4)];
    await applyEvents(store, batch(events));
    const before = await dumpTables(store.schema);
    const again = await applyEvents(store, batch(events));
    expect(again).toEqual([]);
    // an older, overlapping redelivery after a rebalance: offsets do not move back either
    await applyEvents(store, batch(events.slice(0, 3), '3'));
    expect(await dumpTables(store.schema)).toEqual(before);
  });

  it('builds the same digest whatever the batch boundaries (replay into a fresh schema)', async () => {
    const events = [...history('c1', 9), ...history('c2', 6), ...history('c3', 2)];
    const oneBatch = await open('digest_one');
    await applyEvents(oneBatch, batch(events));
    const manyBatches = await open('digest_many');
    for (let i = 0; i < events.length; i += 4)
      await applyEvents(manyBatches, batch(events.slice(i, i + 4), String(i + 4)));
    const [a, b] = [await oneBatch.digest(), await manyBatches.digest()];
    expect(b.digest).toBe(a.digest);
    expect([...a.perArticle.keys()]).toEqual(['c1', 'c2', 'c3']);
    // the stored digest is the digest of the projection as read back
    expect(a.perArticle.get('c1')).toBe(projectionDigest((await oneBatch.getArticle('c1'))!));

    await applyEvents(manyBatches, batch([withdrawn('c2', 7)], '100'));
    const after = await manyBatches.digest();
    expect(after.digest).not.toBe(a.digest);
    expect([...after.perArticle].filter(([id, d]) => a.perArticle.get(id) !== d).map(([id]) => id)).toEqual([
      'c2',
    ]);
  });

  it('serves every version of a long history: a chunk per batch, whole every 16 versions, deltas between', async () => {
    const store = await open('versions');
    const events = history('v1', 40);
    for (let i = 0; i < events.length; i += 3)
      await applyEvents(store, batch(events.slice(i, i + 3), String(i + 3)));
    const expected = new Map<number, ArticleProjection>();
    events.reduce<ArticleProjection | undefined>((state, e) => {
      const after = project(state, e);
      if (after.version !== (state?.version ?? 0)) expected.set(after.version, after);
      return after;
    }, undefined);
    expect(expected.size).toBeGreaterThan(VERSION_SNAPSHOT_EVERY * 2);
    for (const [n, projection] of expected)
      expect(canonicalJson(await store.getVersion('v1', n))).toBe(canonicalJson(projection));
    const chunks = (await dumpTables(store.schema)).article_version_chunks as {
      first_version: number;
      entries: { projection?: unknown }[];
    }[];
    const whole = chunks.flatMap((c) =>
      c.entries.flatMap((e, i) => (e.projection === undefined ? [] : [c.first_version + i])),
    );
    expect(whole).toEqual([1, 17, 33]);
    // one row per article per batch, not one per version
    expect(chunks.length).toBeLessThan(expected.size / 2);
    expect(await store.listVersions('v1')).toEqual(
      [...expected.values()].map((p) => ({
        version: p.version,
        at: p.revisions[p.version - 1].at,
        kind: p.revisions[p.version - 1].kind,
      })),
    );
    expect(await store.getVersion('v1', expected.size + 1)).toBeUndefined();
  });

  describe('search', () => {
    let store: ReadModelStore;
    beforeAll(async () => {
      store = await open('search');
      const at = (day: number) => new Date(Date.UTC(2026, 1, day)).toISOString();
      const events: ArticleEvent[] = [];
      for (let day = 1; day <= 7; day++) {
        const e = published(
          `s${day}`,
          {
            headline: day % 2 ? 'Strike reported near port' : 'Talks continue in Muscat',
            language: day === 7 ? 'fa' : day === 6 ? 'en-GB' : 'en',
          },
          [attribution(day % 3 === 0 ? 'al-manar' : 'irib', 10)],
        );
        events.push({ ...e, occurredAt: at(day) });
      }
      events.push(withdrawn('s2', 2));
      await applyEvents(store, batch(events));
    });

    it('pages newest first with a cursor until the last page', async () => {
      const first = await store.searchArticles({ limit: 3 });
      expect(first.items.map((p) => p.articleId)).toEqual(['s7', 's6', 's5']);
      const second = await store.searchArticles({ limit: 3, cursor: first.nextCursor });
      expect(second.items.map((p) => p.articleId)).toEqual(['s4', 's3', 's2']);
      const third = await store.searchArticles({ limit: 3, cursor: second.nextCursor });
      expect(third).toEqual({ items: [expect.objectContaining({ articleId: 's1' })], nextCursor: undefined });
    });

    it('filters by outlet, text, status, language and time', async () => {
      const ids = async (q: Parameters<ReadModelStore['searchArticles']>[0]) =>
        (await store.searchArticles(q)).items.map((p) => p.articleId);
      expect(await ids({ limit: 10, outlet: 'al-manar' })).toEqual(['s6', 's3']);
      expect(await ids({ limit: 10, text: 'strike port' })).toEqual(['s7', 's5', 's3', 's1']);
      expect(await ids({ limit: 10, text: 'muscat', status: 'withdrawn' })).toEqual(['s2']);
      expect(await ids({ limit: 10, language: 'fa' })).toEqual(['s7']);
      // A language takes its regional tags; a regional tag only itself; letter case is no matter.
      expect(await ids({ limit: 10, language: 'en' })).toEqual(['s6', 's5', 's4', 's3', 's2', 's1']);
      expect(await ids({ limit: 10, language: 'EN-gb' })).toEqual(['s6']);
      expect(await ids({ limit: 10, since: '2026-02-03T00:00:00Z', until: '2026-02-04T00:00:00Z' })).toEqual([
        's4',
        's3',
      ]);
    });

    it('queues new search vectors in the index pending list and merges them off the write path, still found', async () => {
      const client = new Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        await client.query('create extension if not exists pgstattuple');
        const pending = async () =>
          Number(
            (
              await client.query<{ n: string }>(
                `select pending_tuples::text as n from pgstatginindex('"${store.schema}".articles_search')`,
              )
            ).rows[0].n,
          );
        expect(await pending()).toBeGreaterThan(0);
        await store.mergeSearchPending();
        expect(await pending()).toBe(0);
      } finally {
        await client.end();
      }
      expect(
        (await store.searchArticles({ limit: 10, text: 'muscat' })).items.map((p) => p.articleId),
      ).toEqual(['s6', 's4', 's2']);
    });

    it('rejects a forged cursor, a bad time and a bad limit with typed errors', async () => {
      await expect(store.searchArticles({ limit: 3, cursor: 'not-a-cursor' })).rejects.toMatchObject({
        code: 'BAD_CURSOR',
      });
      await expect(store.searchArticles({ limit: 3, since: 'yesterday' })).rejects.toBeInstanceOf(
        StorageError,
      );
      await expect(store.searchArticles({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_QUERY' });
    });
  });

  it('switches a rebuilt schema live atomically and keeps the old one as <live>_previous', async () => {
    const live = schemaName('live');
    const next = schemaName('next');
    const liveStore = await open('live');
    await applyEvents(liveStore, batch([published('d1')]));
    await schemas.create(next);
    const nextStore = await open('next');
    await applyEvents(nextStore, batch([published('d1'), revised('d1', 2, { headline: 'Rebuilt' })]));

    expect(await schemas.switchLive({ live, replacement: next })).toEqual({ previous: `${live}_previous` });
    expect((await liveStore.getArticle('d1'))?.headline).toBe('Rebuilt');
    expect(await schemas.exists(next)).toBe(false);
    expect(await schemas.exists(`${live}_previous`)).toBe(true);
    await expect(schemas.switchLive({ live, replacement: next })).rejects.toMatchObject({
      code: 'SCHEMA_NOT_FOUND',
    });
  });

  it('lets several processes open and migrate the same new schema at once', async () => {
    const schema = schemaName('race');
    const stores = await Promise.all(
      [1, 2, 3].map(() => openReadModelStore({ databaseUrl: DATABASE_URL, schema })),
    );
    opened.push(...stores);
    await applyEvents(stores[0], batch([published('r1')]));
    expect((await stores[2].getArticle('r1'))?.version).toBe(1);
  });

  it('refuses a schema name that is not a plain SQL identifier', async () => {
    await expect(
      openReadModelStore({ databaseUrl: DATABASE_URL, schema: 'x; drop table y' }),
    ).rejects.toMatchObject({ code: 'INVALID_SCHEMA_NAME' });
  });

  it('creates the database when it does not exist', async () => {
    const url = new URL(DATABASE_URL);
    const dbName = `st_${run}_created`;
    url.pathname = `/${dbName}`;
    const store = await openReadModelStore({ databaseUrl: url.toString() });
    await applyEvents(store, batch([published('e1')]));
    expect((await store.getArticle('e1'))?.version).toBe(1);
    await store.close();
    const admin = new Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database "${dbName}"`);
    await admin.end();
  });
});

describe('read model store on embedded PGlite (no DATABASE_URL)', () => {
  it('keeps the read model in a data folder across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'newswire-pglite-'));
    try {
      const store = await openReadModelStore({ dataDir });
      await applyEvents(
        store,
        batch([
          published('p1', {}, [attribution('fars', 5)]),
          revised('p1', 2, { headline: 'Embedded works' }),
        ]),
      );
      await applyEvents(store, batch([published('p1')]));
      expect(
        (await store.searchArticles({ limit: 5, outlet: 'irib', text: 'embedded' })).items.map(
          (p) => p.version,
        ),
      ).toEqual([2]);
      await store.close();

      const reopened = await openReadModelStore({ dataDir });
      expect(await reopened.getArticle('p1')).toMatchObject({ version: 2, headline: 'Embedded works' });
      expect(await reopened.committedOffsets('projector', 'article.events.v1')).toEqual(new Map([[0, '2']]));
      await reopened.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60000);
});
