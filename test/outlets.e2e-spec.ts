import { Client } from 'pg';
import { unregisteredOutlets } from '../libs/storage/src/unregistered-outlets.query';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// The query reads the projections' JSON as the projector stores it (articles.projection), on a
// real PostgreSQL: the table is made here with just that column, so the test does not depend on
// how the writer is arranged.
describe('unregisteredOutlets on PostgreSQL', () => {
  const schema = `nw_outlets_${process.pid}`;
  const client = new Client({ connectionString: DATABASE_URL });
  const outlet = (id: string, extra: object = {}) => ({ id, name: id, kind: 'tv-channel', ...extra });

  beforeAll(async () => {
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.query(
      `create table ${schema}.articles (article_id text primary key, projection jsonb not null)`,
    );
    const rows: [string, object][] = [
      [
        'a1',
        {
          attributions: [
            { outlet: outlet('channel-55', { country: 'IL', unregistered: true }), claims: [{}, {}] },
            { outlet: outlet('irna'), claims: [{}] },
          ],
        },
      ],
      ['a2', { attributions: [{ outlet: outlet('channel-55', { unregistered: true }), claims: [{}] }] }],
      ['a3', { attributions: [{ outlet: outlet('zorlu', { unregistered: true }), claims: [{}] }] }],
    ];
    for (const [id, projection] of rows)
      await client.query(`insert into ${schema}.articles values ($1, $2)`, [id, JSON.stringify(projection)]);
  });

  afterAll(async () => {
    await client.query(`drop schema ${schema} cascade`);
    await client.end();
  });

  it('counts each unregistered outlet over the articles, most cited first, and leaves registry outlets out', async () => {
    expect(await unregisteredOutlets({ databaseUrl: DATABASE_URL, schema })).toEqual([
      { id: 'channel-55', name: 'channel-55', kind: 'tv-channel', country: 'IL', citations: 3, articles: 2 },
      { id: 'zorlu', name: 'zorlu', kind: 'tv-channel', citations: 1, articles: 1 },
    ]);
  });
});
