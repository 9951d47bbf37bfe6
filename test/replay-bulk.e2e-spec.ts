import type { ArticleEvent, ArticleProjection } from '@newswire/contracts';
import { articleEventMessage, type MessageBus } from '@newswire/kafka';
import pino from 'pino';
import { project } from '@newswire/projection';
import { rebuildReadModel } from '@newswire/runtime';
import { openReadModelStore } from '@newswire/storage';
import { history, published } from '../libs/projection/src/article-events.fixture';
import { dropSchemas } from './support/database';
import { createTopics, testBus, uniquePrefix } from './support/kafka-test-env';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Ops: a full rebuild folds in memory, writes in groups under its memory cap, and survives a value the database refuses. */
describe('bulk rebuild of the read model', () => {
  let bus: MessageBus;
  let topic: string;
  let schema: string;
  const articles = Array.from({ length: 40 }, (_, i) => `art_bulk${String(i).padStart(2, '0')}`);
  const logs = articles.map((id, i) => history(id, 4 + (i % 9)));
  // A NUL in a text column: PostgreSQL refuses the value (SQLSTATE 22P05), the live projector dead-letters it.
  const poison = published('art_poison', { headline: 'Talks \u0000 resume' });
  const expected = new Map(
    logs.map((log) => [log[0].articleId, log.reduce<ArticleProjection | undefined>(project, undefined)!]),
  );

  beforeAll(async () => {
    bus = testBus();
    const prefix = uniquePrefix('replay-bulk');
    topic = (await createTopics(bus, prefix)).events;
    schema = `e2e_${prefix.replace(/[^a-z0-9]/g, '_')}`.slice(0, 50);
    // Articles' events interleaved, as they arrive over time; the poison halfway.
    const events: ArticleEvent[] = [];
    for (let k = 0; k < 12; k++) {
      for (const log of logs) if (log[k]) events.push(log[k]);
      if (k === 5) events.push(poison);
    }
    const producer = await bus.producer();
    await producer.send(events.map((e) => articleEventMessage(topic, e)));
    await producer.close();
  });

  afterAll(async () => {
    await bus.close();
    await dropSchemas(DATABASE_URL, schema);
  });

  it.each([
    ['everything held until the end', undefined],
    ['a group written at every batch, later events folded over the written rows', 1],
  ])(
    'rebuilds every article and version: %s',
    async (_name, holdBytes) => {
      const warnings: string[] = [];
      const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
      const store = await openReadModelStore({
        databaseUrl: DATABASE_URL,
        schema: `${schema}_${holdBytes ?? 0}`,
      });
      try {
        const applied = await rebuildReadModel(
          { bus, writer: store, logger },
          { topic, group: 'replay-bulk', holdBytes },
        );
        expect(applied).toBeGreaterThan(0);
        expect(warnings.join('')).toContain('the database refused a group of articles');
        expect(await store.getArticle(poison.articleId)).toBeUndefined();
        for (const [id, p] of expected) {
          expect(await store.getArticle(id)).toEqual(p);
          expect((await store.listVersions(id)).map((v) => v.version)).toEqual(
            Array.from({ length: p.version }, (_, i) => i + 1),
          );
        }
        const [id, p] = [...expected][7];
        const log = logs[7];
        for (let n = 1; n <= p.version; n++) {
          const folded = log.reduce<ArticleProjection | undefined>(
            (s, e) => (s && s.version === n ? s : project(s, e)),
            undefined,
          );
          expect(await store.getVersion(id, n)).toEqual(folded);
        }
        // Stored as read to the end: a rebuild run again reads nothing.
        expect(
          await rebuildReadModel({ bus, writer: store, logger }, { topic, group: 'replay-bulk', holdBytes }),
        ).toBe(0);
      } finally {
        await store.close();
      }
    },
    60000,
  );
});
