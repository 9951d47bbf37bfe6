import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topicNames } from '@newswire/contracts';
import { appEnv, appLogs, startApp, type AppProcess } from './support/app-process';
import { ownBroker, type OwnBroker } from './support/fault-services';
import { FeedServer, type ServedItem } from './support/feed-server';
import { freePort } from './support/free-port';
import { doubled, rawItems } from './support/ingest-checks';
import { createMessageBus, type MessageBus } from '@newswire/kafka';
import { eventually, kafkaClient, testBus, uniquePrefix } from './support/kafka-test-env';

const PUSH_TOKEN = 'fault-push-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const story = (n: number): ServedItem => ({
  id: `fault-${n}`,
  title: `Fault story ${n}`,
  body: `Story ${n}: the tide rose over the sea wall for the ${n}th time this winter.`,
});
const dropped = (n: number) =>
  `<rss version="2.0"><channel><title>Agency</title><item><guid>file-${n}</guid><title>File ${n}</title>` +
  `<description>Dropped story ${n} on the storm.</description></item></channel></rss>`;

/** A feed growing by a few items at a time, a drop folder filling by rename, until `total` of each. */
function sources(server: FeedServer, drop: string, total: number) {
  let items = 0;
  let files = 0;
  const timer = setInterval(() => {
    if (items < total) {
      items = Math.min(total, items + 3);
      server.setItems(Array.from({ length: items }, (_, i) => story(i + 1)));
    }
    if (files < total) {
      files++;
      writeFileSync(join(drop, `f${files}.xml.part`), dropped(files));
      renameSync(join(drop, `f${files}.xml.part`), join(drop, `f${files}.xml`));
    }
    if (items === total && files === total) clearInterval(timer);
  }, 150);
  return { done: () => items === total && files === total, stop: () => clearInterval(timer) };
}

interface Setup {
  prefix: string;
  dir: string;
  drop: string;
  port: number;
  env: Record<string, string>;
}

async function setup(name: string, server: FeedServer, brokers?: string): Promise<Setup> {
  const prefix = uniquePrefix(name);
  const dir = mkdtempSync(join(tmpdir(), `newswire-${name}-`));
  const drop = join(dir, 'drop');
  const port = await freePort();
  mkdirSync(drop);
  server.setItems([]);
  const feeds = [
    {
      id: 'tide',
      kind: 'http-poll',
      url: `${server.url}/rss`,
      intervalSeconds: 0.2,
      jitter: 0,
      timeoutSeconds: 5,
      maxBackoffSeconds: 1,
    },
    {
      id: 'storm-drop',
      kind: 'drop-folder',
      path: drop,
      settleSeconds: 1,
      scanSeconds: 0.1,
      tempPattern: '*.part',
    },
    { id: 'partner', kind: 'http-push', tokenSha256: createHash('sha256').update(PUSH_TOKEN).digest('hex') },
  ];
  writeFileSync(join(dir, 'feeds.json'), JSON.stringify({ feeds }));
  const env = appEnv(prefix, {
    INGEST_FEEDS_FILE: join(dir, 'feeds.json'),
    INGEST_PORT: String(port),
    ...(brokers ? { KAFKA_BROKERS: brokers } : {}),
  });
  return { prefix, dir, drop, port, env };
}

/** Every item of the feed and every file once in wire.raw.v1, and every file in done/. */
async function expectEachOnce(bus: MessageBus, s: Setup, total: number, apps: () => AppProcess[]) {
  const topics = topicNames(s.prefix);
  const wanted = (items: Awaited<ReturnType<typeof rawItems>>) =>
    items.filter((i) => i.feed === 'tide').length >= total &&
    items.filter((i) => i.feed === 'storm-drop').length >= total;
  await eventually(
    async () => (wanted(await rawItems(bus, topics.raw)) ? true : undefined),
    90000,
    500,
    () => appLogs(apps()),
  );
  await eventually(
    () => (readdirSync(join(s.drop, 'done')).length === total ? true : undefined),
    30000,
    250,
    () => appLogs(apps()),
  );
  // A while longer: anything sent twice would come now.
  await sleep(2000);
  const raw = await rawItems(bus, topics.raw);
  expect(doubled(raw)).toEqual([]);
  const ids = (feed: string) =>
    raw
      .filter((i) => i.feed === feed)
      .map((i) => i.id)
      .sort();
  const all = (p: string) => Array.from({ length: total }, (_, i) => `${p}${i + 1}`).sort();
  expect(ids('tide')).toEqual(all('fault-'));
  expect(ids('storm-drop')).toEqual(all('file-'));
  expect(readdirSync(s.drop).filter((f) => f.endsWith('.xml'))).toEqual([]);
  return raw;
}

describe('ingest under faults', () => {
  const server = new FeedServer();
  beforeAll(() => server.start());
  afterAll(() => server.close());

  it('loses and repeats nothing when kill -9 hits it mid-poll and mid-drop, again and again', async () => {
    const s = await setup('ingestkill', server);
    const bus = testBus('ingest-kill');
    server.delayMs = 150;
    const total = 90;
    let app = startApp('ingest', s.env);
    const started: AppProcess[] = [app];
    try {
      const src = sources(server, s.drop, total);
      for (let kill = 0; kill < 5; kill++) {
        await sleep(1200 + Math.random() * 1200);
        await app.stop('SIGKILL');
        app = startApp('ingest', s.env);
        started.push(app);
      }
      await eventually(() => (src.done() ? true : undefined), 60000);
      await expectEachOnce(bus, s, total, () => started);
    } finally {
      server.delayMs = 0;
      await app.stop();
      await bus.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  }, 180000);

  describe('broker restart', () => {
    let broker: OwnBroker;
    beforeAll(async () => {
      broker = await ownBroker();
      await broker.start();
    }, 150000);
    afterAll(() => broker?.remove(), 60000);

    it('carries on after its broker restarts; a push answered 202 is in the log once, one answered 503 is not', async () => {
      const s = await setup('ingestbroker', server, broker.brokers);
      const bus = createMessageBus({ brokers: [broker.brokers], clientId: 'ingest-broker' }, kafkaClient());
      const total = 60;
      const app = startApp('ingest', s.env);
      const accepted: string[] = [];
      let pushing = true;
      // A partner pushing all along, sending again what was refused (503, or no answer): the log
      // must hold exactly the trace ids answered 202.
      const pusher = (async () => {
        for (let n = 1; pushing; n++) {
          const body = `ROME, Dec 7 (ANSA) - Push number ${n} about the flooded piazza.`;
          for (;;) {
            const res = await fetch(`http://127.0.0.1:${s.port}/ingest/partner`, {
              method: 'POST',
              headers: { authorization: `Bearer ${PUSH_TOKEN}`, 'content-type': 'text/plain' },
              body,
            }).catch(() => undefined);
            if (res?.status === 202) {
              accepted.push(((await res.json()) as { traceId: string }).traceId);
              break;
            }
            await sleep(300);
          }
          await sleep(100);
        }
      })();
      try {
        await eventually(
          () => fetch(`http://127.0.0.1:${s.port}/health`).then((r) => r.ok || undefined),
          60000,
          250,
          () => appLogs([app]),
        );
        const src = sources(server, s.drop, total);
        await sleep(3000);
        await broker.restart();
        await eventually(() => (src.done() ? true : undefined), 60000);
        await eventually(() => (accepted.length >= 10 ? true : undefined), 60000);
        pushing = false;
        await pusher;
        const raw = await expectEachOnce(bus, s, total, () => [app]);
        const pushes = raw.filter((i) => i.feed === 'partner');
        expect(pushes.map((i) => i.traceId).sort()).toEqual([...accepted].sort());
        expect(app.child.exitCode).toBeNull();
      } finally {
        pushing = false;
        await app.stop();
        await bus.close();
        rmSync(s.dir, { recursive: true, force: true });
      }
    }, 240000);
  });
});
