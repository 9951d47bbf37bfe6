import { applyEvents } from '@newswire/runtime';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { openReadModelSchemas, openReadModelStore, type ReadModelStore } from '@newswire/storage';
import { history } from '../libs/projection/src/article-events.fixture';
import { sqlQuery } from './support/database';

const ADMIN = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROLES_SQL = join(__dirname, '..', 'deploy', 'postgres', 'roles.sql');

/**
 * deploy/postgres/roles.sql, as the compose file's database runs it on its first start, on the real
 * PostgreSQL: the writer migrates, writes and switches the read model; the reader reads every
 * schema the writer makes, including one switched live by a replay, and can change nothing.
 */
describe('the database roles of the deployment', () => {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const database = `newswire_roles_${suffix}`;
  const [writer, reader] = [`nw_writer_${suffix}`, `nw_reader_${suffix}`];
  const urlAs = (role: string) => {
    const url = new URL(ADMIN);
    url.username = role;
    url.password = 'unused-under-trust-auth';
    url.pathname = `/${database}`;
    return url.toString();
  };
  const adminOf = (db: string) => {
    const url = new URL(ADMIN);
    url.pathname = `/${db}`;
    return url.toString();
  };
  const stores: ReadModelStore[] = [];

  beforeAll(async () => {
    await sqlQuery(adminOf('postgres'), `create database "${database}"`);
    const admin = new URL(adminOf(database));
    const psql = spawnSync(
      'psql',
      [
        '-X',
        '-q',
        '-h',
        admin.hostname,
        '-p',
        admin.port || '5432',
        '-U',
        admin.username,
        '-d',
        database,
        '-v',
        `writer=${writer}`,
        '-v',
        `reader=${reader}`,
        '-v',
        'writer_password=w-secret',
        '-v',
        'reader_password=r-secret',
        '-v',
        `dbname=${database}`,
        '-f',
        ROLES_SQL,
      ],
      { encoding: 'utf8' },
    );
    expect({ status: psql.status, stderr: psql.stderr }).toEqual({ status: 0, stderr: '' });
  }, 60000);

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await sqlQuery(adminOf('postgres'), `drop database if exists "${database}" with (force)`);
    for (const role of [writer, reader]) await sqlQuery(adminOf('postgres'), `drop role if exists "${role}"`);
  });

  const open = async (role: string, schema: string, migrate = true) => {
    const store = await openReadModelStore({ databaseUrl: urlAs(role), schema, migrate });
    stores.push(store);
    return store;
  };
  const asReader = async (statement: string): Promise<string | undefined> => {
    const client = new Client({ connectionString: urlAs(reader) });
    await client.connect();
    try {
      await client.query(statement);
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code;
    } finally {
      await client.end();
    }
  };

  it('lets the writer migrate and write, and the reader read what it wrote', async () => {
    const written = await open(writer, 'newswire');
    await applyEvents(written, { events: history('art_roles_1', 4), offsets: [], group: 'roles' });
    const read = await open(reader, 'newswire', false);
    expect((await read.getArticle('art_roles_1'))?.version).toBe(4);
    expect((await read.searchArticles({ limit: 10 })).items.map((a) => a.articleId)).toEqual(['art_roles_1']);
  });

  it('refuses the reader every write, DDL and migration (insufficient_privilege)', async () => {
    expect(await asReader(`update newswire.articles set headline = 'x'`)).toBe('42501');
    expect(await asReader(`delete from newswire.consumer_offsets`)).toBe('42501');
    expect(await asReader(`create schema elsewhere`)).toBe('42501');
    expect(await asReader(`create table public.t (x int)`)).toBe('42501');
    expect(await asReader(`create temporary table t (x int)`)).toBe('42501');
    await expect(open(reader, 'newswire_mine')).rejects.toThrow(/permission denied/);
  });

  it('reports the reader unready (its /health) until the writer has made the schema it reads', async () => {
    const read = await open(reader, 'newswire_later', false);
    await expect(read.ping()).rejects.toThrow(/does not exist/);
    await open(writer, 'newswire_later');
    await expect(read.ping()).resolves.toBeUndefined();
  });

  it('keeps the reader reading after the writer switches a rebuilt read model live', async () => {
    const rebuilt = await open(writer, 'newswire_replay');
    await applyEvents(rebuilt, { events: history('art_roles_2', 2), offsets: [], group: 'roles' });
    const schemas = await openReadModelSchemas({ databaseUrl: urlAs(writer) });
    try {
      expect(await schemas.switchLive({ live: 'newswire', replacement: 'newswire_replay' })).toEqual({
        previous: 'newswire_previous',
      });
    } finally {
      await schemas.close();
    }
    const read = await open(reader, 'newswire', false);
    expect((await read.getArticle('art_roles_2'))?.version).toBe(2);
    expect(await read.getArticle('art_roles_1')).toBeUndefined();
  });
});
