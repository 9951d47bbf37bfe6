/**
 * `npm run bench -- ingest [--feeds F] [--items N] [--idle-feeds I] [--idle-seconds S]`
 *
 * The ingest app against a feed server on loopback, in one run on the same broker:
 *  1. throughput: F feeds (default 20) of N items each (default 1,000), polled every second: once
 *     a first round has gone in, every feed changes to N new items, and the clock runs until all of
 *     them have committed into wire.raw.v1 (the app's own count, GET /feeds; it includes the up to
 *     1 s before a feed's next poll), beside a bare idempotent producer sending the same item
 *     documents, 500 a send;
 *  2. idle cost: I http-poll feeds (default 1,000) at a 60 s interval with 10% jitter, half of them
 *     answering 304 to the app's conditional GET and half (no validators) a 20-item document that
 *     has not changed: the app's CPU, in cores, over S seconds (default 120) after the first round.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADERS, topicNames } from '@newswire/contracts';
import { splitDocument } from '@newswire/ingest';
import type { OutMessage } from '@newswire/kafka';
import { namedArgs } from './run-named';
import { rssDocument, type ServedItem } from '../../test/support/feed-server';
import { freePort } from '../../test/support/free-port';
import { startApp, type RunningApp } from './support/app-runner';
import { benchBus, benchEnv, createBenchTopics, deleteTopics, type BenchEnv } from './support/bench-env';
import { ProcSampler } from './support/proc-sampler';
import { fmt, printTable, sleep, waitFor } from './support/stats';

const item = (feed: number, n: number, round = 0): ServedItem => ({
  id: `bench-${round}-${feed}-${n}`,
  title: `Bench story ${n} of feed ${feed}`,
  body: `Story ${n} of feed ${feed}: the committee heard evidence from the port's engineers. `.repeat(8),
});

/**
 * /feed/K: feed K's N items of the current round (with an ETag); /etag/K: 20 items with an ETag;
 * /plain/K: 20 items, no validators.
 */
function feedServer(items: number) {
  const docs = new Map<string, string>();
  const state = { round: 0 };
  const doc = (key: string, make: () => string) => docs.get(key) ?? docs.set(key, make()).get(key)!;
  const server = createServer((req, res) => {
    const [, kind, k] = (req.url ?? '').split('/');
    const feed = Number(k);
    const etag = `"${state.round}-${k}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
    const body =
      kind === 'feed'
        ? doc(`${req.url}@${state.round}`, () =>
            rssDocument(Array.from({ length: items }, (_, n) => item(feed, n, state.round))),
          )
        : doc(req.url!, () => rssDocument(Array.from({ length: 20 }, (_, n) => item(feed, n))));
    res.writeHead(200, { 'content-type': 'application/rss+xml', ...(kind === 'plain' ? {} : { etag }) });
    res.end(body);
  });
  return new Promise<{ url: string; server: Server; state: typeof state }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, state }),
    ),
  );
}

interface Started {
  app: RunningApp;
  port: number;
  dir: string;
}

async function startIngest(env: BenchEnv, feeds: object[]): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'newswire-bench-ingest-'));
  writeFileSync(join(dir, 'feeds.json'), JSON.stringify({ feeds }));
  const port = await freePort();
  const app = startApp('ingest', {
    KAFKA_BROKERS: env.brokers.join(','),
    TOPIC_PREFIX: env.prefix,
    GROUP_PREFIX: `${env.prefix}g`,
    INGEST_FEEDS_FILE: join(dir, 'feeds.json'),
    INGEST_PORT: String(port),
  });
  return { app, port, dir };
}

const published = async (port: number) =>
  ((await (await fetch(`http://127.0.0.1:${port}/feeds`)).json()) as { published: number }[]).reduce(
    (sum, f) => sum + f.published,
    0,
  );

export async function run(args: string[]): Promise<void> {
  const parsed = namedArgs(args, {
    program: 'npm run bench --',
    name: 'ingest',
    usage: 'ingest [--feeds F] [--items N] [--idle-feeds I] [--idle-seconds S]',
    help: `Items/s from a loopback feed server into wire.raw.v1, and the ingest app's CPU polling idle
feeds.

  --feeds F           feeds (20)
  --items N           items per feed (1000)
  --idle-feeds I      feeds polled while idle (1000)
  --idle-seconds S    seconds of idle polling (120)`,
    options: {
      feeds: { type: 'string' },
      items: { type: 'string' },
      'idle-feeds': { type: 'string' },
      'idle-seconds': { type: 'string' },
    },
  });
  if (!parsed) return;
  const flags = parsed.values;
  const feeds = Number(flags.feeds ?? 20);
  const items = Number(flags.items ?? 1000);
  const idleFeeds = Number(flags['idle-feeds'] ?? 1000);
  const idleSeconds = Number(flags['idle-seconds'] ?? 120);
  const total = feeds * items;
  const env = benchEnv('ingest');
  const bus = benchBus(env, 'bench-ingest');
  const { url, server, state } = await feedServer(items);
  const topics = topicNames(env.prefix);
  try {
    await createBenchTopics(bus, env.prefix, 3);

    // The bare producer: the same item documents the app would send, as fast as a producer goes.
    const messages: OutMessage[] = [];
    for (let f = 0; f < feeds; f++) {
      const doc = splitDocument(
        Buffer.from(rssDocument(Array.from({ length: items }, (_, n) => item(f, n)))),
        {
          maxBytes: 64 * 1024 * 1024,
        },
      );
      for (const i of doc.items)
        messages.push({
          topic: topics.raw,
          key: `bare-${f}`,
          value: i.bytes,
          headers: { [HEADERS.contentType]: i.contentType },
        });
    }
    const producer = await bus.producer();
    const t0 = performance.now();
    for (let i = 0; i < messages.length; i += 500) await producer.send(messages.slice(i, i + 500));
    const bareSeconds = (performance.now() - t0) / 1000;
    await producer.close();

    // The ingest app: a first round of items to warm it up, then the clock runs from the switch to
    // a second round (every feed polls it within its 1 s interval) until all of it has committed.
    const pollFeeds = Array.from({ length: feeds }, (_, f) => ({
      id: `bench-${f}`,
      kind: 'http-poll',
      url: `${url}/feed/${f}`,
      intervalSeconds: 1,
      maxBytes: 64 * 1024 * 1024,
    }));
    const busy = await startIngest(env, pollFeeds);
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${busy.port}/health`).then(
          (r) => r.ok,
          () => false,
        ),
      60000,
      50,
    );
    const warm = await waitFor(async () => (await published(busy.port).catch(() => 0)) >= total, 300000, 50);
    state.round = 1;
    const t1 = performance.now();
    const sampler = new ProcSampler([busy.app.pid]);
    sampler.start();
    const done =
      warm &&
      (await waitFor(async () => (await published(busy.port).catch(() => 0)) >= 2 * total, 300000, 20));
    const ingestSeconds = (performance.now() - t1) / 1000;
    const ingestCores = sampler.stop().get(busy.app.pid)!.cores;
    await busy.app.stop();
    rmSync(busy.dir, { recursive: true, force: true });
    if (!done)
      throw new Error(`the ingest app had not published ${2 * total} items in time\n${busy.app.logs()}`);

    printTable(
      ['into wire.raw.v1', 'items', 'seconds', 'items/s', 'cores'],
      [
        ['bare producer', fmt(total), fmt(bareSeconds, 2), fmt(total / bareSeconds), '-'],
        [
          'ingest app (poll, split, commit)',
          fmt(total),
          fmt(ingestSeconds, 2),
          fmt(total / ingestSeconds),
          fmt(ingestCores, 2),
        ],
      ],
    );

    // Idle cost of many feeds at a 60 s interval.
    const idle = Array.from({ length: idleFeeds }, (_, f) => ({
      id: `idle-${f}`,
      kind: 'http-poll',
      url: `${url}/${f % 2 ? 'plain' : 'etag'}/${f}`,
      intervalSeconds: 60,
    }));
    const quiet = await startIngest(env, idle);
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${quiet.port}/health`).then(
          (r) => r.ok,
          () => false,
        ),
      60000,
      100,
    );
    // The first round (every feed within 5 s of the start, then the items' first transaction) is start-up.
    await sleep(15000);
    const idleSampler = new ProcSampler([quiet.app.pid]);
    idleSampler.start();
    await sleep(idleSeconds * 1000);
    const usage = idleSampler.stop().get(quiet.app.pid)!;
    const statuses = (await (await fetch(`http://127.0.0.1:${quiet.port}/feeds`)).json()) as {
      lastSuccess?: string;
      failing: boolean;
    }[];
    await quiet.app.stop();
    rmSync(quiet.dir, { recursive: true, force: true });
    printTable(
      ['polling', 'feeds', 'interval s', 'window s', 'cores', 'max RSS MiB', 'failing'],
      [
        [
          'half 304, half 200 unchanged',
          fmt(idleFeeds),
          '60',
          fmt(idleSeconds),
          fmt(usage.cores, 3),
          fmt(usage.maxRssMiB),
          fmt(statuses.filter((s) => s.failing || !s.lastSuccess).length),
        ],
      ],
    );
  } finally {
    server.close();
    await deleteTopics(bus, env.prefix).catch(() => undefined);
    await bus.close();
  }
}
