import { join } from 'node:path';
import { Client } from 'pg';
import type { MessageBus } from '@newswire/kafka';
import { openReadModelStore, type ReadModelStore } from '@newswire/storage';
import { appEnv, appLogs, startApp, type AppProcess } from './support/app-process';
import { runCli } from './support/cli-process';
import { dropSchemas } from './support/database';
import { createTopics, eventually, testBus, uniquePrefix } from './support/kafka-test-env';

const SAMPLES = join(__dirname, '..', 'fixtures', 'samples');
const SEED = join(__dirname, '..', 'fixtures', 'seed', 'seed-story.txt');
const FILES = [
  SEED,
  'iran-drones.ninjs.json',
  'araghchi-damascus.agency.txt',
  'araghchi-damascus.update1.agency.txt',
  'araghchi-damascus.kill.agency.txt',
  'iaea-talks.fa.txt',
  'mideast.rss.xml',
  'yemen-syria.newsmessage.xml',
].map((f) => (f.startsWith('/') ? f : join(SAMPLES, f)));

/** Ops: a rebuild from the log is identical to the live read model, and redelivery changes nothing. */
describe('replay and redelivery of the read model', () => {
  let bus: MessageBus;
  let env: Record<string, string>;
  let store: ReadModelStore;
  let sql: Client;
  let schema: string;
  const apps: AppProcess[] = [];
  const logs = () => appLogs(apps);

  /** Everything the projector wrote, as one comparable value. */
  const snapshot = async () => {
    const rows = async (q: string) => (await sql.query(q)).rows;
    return {
      digest: (await store.digest()).digest,
      versions: await rows(
        `select article_id, first_version, entries::text from ${schema}.article_version_chunks order by 1, 2`,
      ),
      attributions: await rows(`select * from ${schema}.attributions order by 1, 2, 3`),
      sequences: await rows(`select article_id, last_sequence from ${schema}.articles order by 1`),
    };
  };
  /** Waits until the projector has applied the whole event log (its stored offsets reach the end). */
  const caughtUp = async (topic: string) =>
    eventually(
      async () => {
        const admin = await bus.admin();
        const ends = await admin.topicOffsets(topic);
        await admin.close();
        const stored = await store.committedOffsets(`${env.GROUP_PREFIX}.projector`, topic);
        return ends.every(
          (e) => BigInt(e.high) === 0n || BigInt(stored.get(e.partition) ?? '0') >= BigInt(e.high) - 1n,
        )
          ? true
          : undefined;
      },
      90000,
      500,
      logs,
    );

  beforeAll(async () => {
    bus = testBus();
    const prefix = uniquePrefix('replay');
    await createTopics(bus, prefix);
    schema = `e2e_${prefix.replace(/[^a-z0-9]/g, '_')}`.slice(0, 50);
    env = appEnv(prefix, {
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      DB_SCHEMA: schema,
    });
    for (const name of ['normalizer', 'curator', 'projector']) apps.push(startApp(name, env));
    store = await openReadModelStore({ databaseUrl: env.DATABASE_URL, schema });
    sql = new Client({ connectionString: env.DATABASE_URL });
    await sql.connect();
  }, 60000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await store.close();
    await sql.end();
    await bus.close();
    await dropSchemas(env.DATABASE_URL, schema);
  });

  it('rebuilds the whole log into a fresh schema with a digest equal to the live one', async () => {
    expect((await runCli(['publish', ...FILES, '--source', 'replay-feed'], env)).code).toBe(0);
    await eventually(
      async () => ((await store.searchArticles({ limit: 100 })).items.length >= 6 ? true : undefined),
      90000,
      500,
      logs,
    );
    await caughtUp(`${env.TOPIC_PREFIX}article.events.v1`);
    const verify = await runCli(['replay', 'projections', '--verify'], env, 120000);
    expect(verify.stderr).toContain('identical');
    expect(JSON.parse(verify.stdout)).toMatchObject({ identical: true, differ: [] });
    expect(verify.code).toBe(0);
  }, 180000);

  it('changes no row when every event is delivered again', async () => {
    const projector = apps.find((a) => a.name === 'projector')!;
    await projector.stop();
    const before = await snapshot();
    expect(before.versions.length).toBeGreaterThan(6);
    // Reset the projector's offsets everywhere they live: in the read model and in Kafka.
    await sql.query(`delete from ${schema}.consumer_offsets`);
    const admin = await bus.admin();
    await admin.resetGroupOffsets(
      `${env.GROUP_PREFIX}.projector`,
      `${env.TOPIC_PREFIX}article.events.v1`,
      'earliest',
    );
    await admin.close();
    const again = startApp('projector', env);
    apps.push(again);
    await caughtUp(`${env.TOPIC_PREFIX}article.events.v1`);
    expect(await snapshot()).toEqual(before);
  }, 180000);

  it('switches a rebuilt read model live, and the running projector carries on in it', async () => {
    const before = await snapshot();
    const replay = await runCli(['replay', 'projections', '--from-beginning'], env, 120000);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ switched: true, live: schema });
    expect((await snapshot()).digest).toBe(before.digest);
    expect(
      (await runCli(['publish', join(SAMPLES, 'gaza-school.iptc7901.txt'), '--source', 'replay-feed'], env))
        .code,
    ).toBe(0);
    await eventually(
      async () => ((await store.digest()).digest !== before.digest ? true : undefined),
      60000,
      500,
      logs,
    );
  }, 180000);

  it('--from-timestamp rebuilds the articles with events since then from their whole history, and copies the rest', async () => {
    const events = `${env.TOPIC_PREFIX}article.events.v1`;
    await caughtUp(events);
    const since = new Date();
    await new Promise((r) => setTimeout(r, 1000));
    // After `since`, one event on an article from long before: a copy of the seed from another feed.
    expect((await runCli(['publish', SEED, '--source', 'replay-feed-2'], env)).code).toBe(0);
    const seed = await eventually(
      async () => {
        const { items } = await store.searchArticles({ limit: 100 });
        const a = items.find((i) => i.headline === 'Heads of Iran-allied militant groups meet in Tehran');
        return a?.duplicates.length ? a : undefined;
      },
      60000,
      500,
      logs,
    );
    await caughtUp(events);
    const right = (await store.digest()).perArticle;
    const other = [...right.keys()].find((id) => id !== seed.articleId)!;
    // Damage both rows, as a projection bug would: only the seed has events since `since`.
    for (const id of [seed.articleId, other])
      await sql.query(
        `update ${schema}.articles set projection = jsonb_set(projection::jsonb, '{headline}', '"damaged"')::json where article_id = $1`,
        [id],
      );
    const damaged = (await store.digest()).perArticle;
    expect(damaged.get(seed.articleId)).not.toBe(right.get(seed.articleId));

    const replay = await runCli(
      ['replay', 'projections', '--from-timestamp', since.toISOString()],
      env,
      120000,
    );
    expect(replay.code).toBe(0);
    expect(replay.stderr).toContain('1 article(s) with events since');
    const after = (await store.digest()).perArticle;
    // Rebuilt whole (published, then the copy), not from its first event since `since`.
    expect(after.get(seed.articleId)).toBe(right.get(seed.articleId));
    expect((await store.getArticle(seed.articleId))?.headline).toBe(seed.headline);
    // Copied as it was, damage included: it had no event since `since`.
    expect(after.get(other)).toBe(damaged.get(other));
    expect([...after.keys()].sort()).toEqual([...right.keys()].sort());
  }, 180000);
});
