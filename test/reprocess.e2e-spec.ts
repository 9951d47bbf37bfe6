import { join } from 'node:path';
import { upcastEvent, type ArticleEvent } from '@newswire/contracts';
import { appEnv, appLogs, startApp } from './support/app-process';
import { e2eHarness } from './support/e2e-harness';
import { runCli } from './support/cli-process';
import { dropSchemas } from './support/database';
import { createTopics, eventually, readAll, uniquePrefix } from './support/kafka-test-env';

const SAMPLES = join(__dirname, '..', 'fixtures', 'samples');
const FILES = [
  'iran-drones.ninjs.json',
  'iran-drones.plain.txt',
  'araghchi-damascus.agency.txt',
  'araghchi-damascus.update1.agency.txt',
  'araghchi-damascus.kill.agency.txt',
  'mideast.rss.xml',
].map((f) => join(SAMPLES, f));

/** After a parser or registry fix: the raw log re-run into a new generation, the live log untouched. */
describe('newswire reprocess', () => {
  const harness = e2eHarness();

  it('re-runs wire.raw.v1 into article.events.v1.gen2 with the decisions of the live pipeline', async () => {
    const prefix = uniquePrefix('reprocess');
    const t = await createTopics(harness.bus, prefix);
    const env = appEnv(prefix);
    for (const name of ['normalizer', 'curator']) harness.apps.push(startApp(name, env));
    expect((await runCli(['publish', ...FILES, '--source', 'wire-x'], env)).code).toBe(0);
    const summary = (events: ArticleEvent[]) =>
      events.map((e) => `${e.articleId}:${e.sequence}:${e.type}`).sort();
    const decode = (msgs: { value: Buffer | null }[]) =>
      msgs.map((m) => upcastEvent(JSON.parse(m.value!.toString())));
    // 6 files: ninjs + its plain-text copy, an agency story with update and kill, an RSS feed of 2 items.
    const live = await eventually(
      async () => {
        const events = decode(await readAll(harness.bus, t.events));
        return events.length >= 7 ? events : undefined;
      },
      60000,
      500,
      () => appLogs(harness.apps),
    );
    const result = await runCli(['reprocess', '--from-beginning'], env, 120000);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      generation: 2,
      topic: `${prefix}article.events.v1.gen2`,
      rawMessages: FILES.length,
    });
    const regenerated = decode(await readAll(harness.bus, report.topic));
    expect(summary(regenerated)).toEqual(summary(live));
    expect(decode(await readAll(harness.bus, t.events))).toHaveLength(live.length);

    // The switch, as the command says: the read model rebuilt from generation 2.
    const switchTo = /run `EVENTS_GENERATION=2 (newswire replay projections --from-beginning)`/.exec(
      result.stderr,
    );
    expect(switchTo).not.toBeNull();
    const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `e2e_${prefix.replace(/[^a-z0-9]/g, '_')}`.slice(0, 50);
    try {
      const replay = await runCli(
        switchTo![1].split(' ').slice(1),
        { ...env, EVENTS_GENERATION: '2', DATABASE_URL: databaseUrl, DB_SCHEMA: schema },
        120000,
      );
      expect(replay.code).toBe(0);
      expect(JSON.parse(replay.stdout)).toMatchObject({ switched: true, replayedEvents: regenerated.length });
    } finally {
      await dropSchemas(databaseUrl, schema);
    }
  }, 180000);
});
