/**
 * `npm run bench -- replay [--events N] [--requests R] [--clients C] [--profile] [--hold-mb M]`
 *
 * Fills a topic of its own with N article events (default 1,000,000; ~10 per article, a mix of
 * every type), then, in the same run:
 *  - a bare kafkajs consumer reads it to the end (readToEnd, no-op callback): the baseline (and,
 *    when KAFKA_CLIENT names another client, a bare consumer on that client too);
 *  - the same read with articleEventOf of every event (what replay does before the database);
 *  - the read model is rebuilt into a fresh schema exactly as `newswire replay projections` does
 *    (the runtime's rebuildReadModel, holding M MB of events in memory, default REBUILD_HOLD_BYTES), with this
 *    process's peak resident memory over the pass, optionally under the V8 profiler;
 * then starts the api app over that read model and measures GET /articles/:id under C concurrent
 * keep-alive clients (default 100) beside a 404 on the same server, with the CPU of the api, of
 * the load generator (this process) and of PostgreSQL over each pass; with --profile the api
 * process runs under the V8 profiler too. Aims (issue 6): replay >= 20,000 events/s, API
 * p99 < 20 ms; issue 19: replay >= 0.3x the bare consumer. Topics and schema are deleted at the end.
 */
import { ArticleEvent, TOPICS, type ArticleEvent as Event } from '@newswire/contracts';
import { articleEventOf, type MessageBus, type OutMessage } from '@newswire/kafka';
import { createLogger } from '@newswire/observability';
import { REBUILD_HOLD_BYTES, rebuildReadModel } from '@newswire/runtime';
import { openReadModelWriter } from '@newswire/storage';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { namedArgs } from './run-named';
import { startApp } from './support/app-runner';
import {
  benchBus,
  benchClient,
  benchEnv,
  createBenchTopics,
  deleteTopics,
  dropSchemas,
  type BenchEnv,
} from './support/bench-env';
import { hotSpots, hotSpotsOfFile, printHotSpots, profiled } from './support/cpu-profile';
import { freePort } from '../../test/support/free-port';
import { ProcSampler, cpuByPid, cpuSince } from './support/proc-sampler';
import { httpLoad, type LoadResult } from './support/http-load';
import { fmt, printTable, waitFor } from './support/stats';
import { articleEvents, rng } from './support/synthetic-article-events';

const PARTITIONS = 6;
const GROUP = 'bench.replay';

/** Writes events of articles 0.. until `target` events are on the topic; returns counts and ids. */
async function fill(bus: MessageBus, topic: string, target: number) {
  const producer = await bus.producer({ idempotent: false });
  const started = performance.now();
  let events = 0;
  let bytes = 0;
  let article = 0;
  const inFlight: Promise<void>[] = [];
  while (events < target) {
    // 200 articles at a time, their events interleaved as they would arrive over time.
    const logs: Event[][] = [];
    for (let i = 0; i < 200 && events < target; i++, article++) {
      const log = articleEvents(article);
      if (article % 1000 === 0) for (const e of log) ArticleEvent.parse(e);
      logs.push(log);
      events += log.length;
    }
    const out: OutMessage[] = [];
    for (let k = 0; k < 12; k++) {
      for (const log of logs) {
        const e = log[k];
        if (!e) continue;
        const value = JSON.stringify(e);
        bytes += value.length;
        out.push({
          topic,
          key: e.articleId,
          value,
          headers: { 'event-type': e.type, 'schema-version': '1' },
        });
      }
    }
    const sent = producer.send(out);
    sent.catch(() => undefined); // awaited below; this only keeps a failure from crashing the process first
    inFlight.push(sent);
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await producer.close();
  return { events, articles: article, bytes, seconds: (performance.now() - started) / 1000 };
}

interface Rate {
  events: number;
  seconds: number;
  perSecond: number;
  /** CPU of this node process over the pass, in cores (1.0 = one core busy throughout). */
  nodeCores: number;
  /** CPU of every PostgreSQL process over the pass (other users of the server included). */
  postgresCores: number;
}

async function timed(fn: () => Promise<number>): Promise<Rate> {
  const cpu0 = process.cpuUsage();
  const pg0 = cpuByPid('postgres');
  const t0 = performance.now();
  const events = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    events,
    seconds,
    perSecond: events / seconds,
    nodeCores: (cpu.user + cpu.system) / 1e6 / seconds,
    postgresCores: cpuSince('postgres', pg0) / seconds,
  };
}

interface ApiPass extends LoadResult {
  /** CPU of the api process over the pass, in cores. */
  apiCores: number;
  /** CPU of every PostgreSQL process over the pass (other users of the server included). */
  postgresCores: number;
}

async function apiLatency(
  env: BenchEnv,
  articles: number,
  clients: number,
  requests: number,
  profileDir: string | undefined,
) {
  const port = await freePort();
  const api = startApp(
    'api',
    {
      KAFKA_BROKERS: env.brokers.join(','),
      DATABASE_URL: env.databaseUrl,
      DB_SCHEMA: env.schema,
      TOPIC_PREFIX: env.prefix,
      HTTP_PORT: String(port),
    },
    profileDir,
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    const up = await waitFor(
      async () => (await fetch(`${base}/health`).catch(() => undefined))?.ok === true,
      60_000,
    );
    if (!up) throw new Error(`api did not start:\n${api.logs()}`);
    const r = rng(7);
    const id = () =>
      `bench${Math.floor(r() * articles)
        .toString(36)
        .padStart(8, '0')}`;
    const run = async (
      path: (i: number) => string,
      expectStatus: number,
      total: number,
    ): Promise<ApiPass> => {
      const sampler = new ProcSampler([api.pid]);
      const pg0 = cpuByPid('postgres');
      sampler.start();
      const load = await httpLoad({ base, path, expectStatus, clients, total, maxSeconds: 60 });
      const apiCores = sampler.stop().get(api.pid)!.cores;
      return { ...load, apiCores, postgresCores: cpuSince('postgres', pg0) / load.seconds };
    };
    await run(() => `/articles/${id()}`, 200, Math.min(requests, 2000)); // warm-up: JIT, pool, caches
    const loadAverage = loadavg();
    const notFound = await run(() => '/no-such-route', 404, requests);
    const byId = await run(() => `/articles/${id()}`, 200, requests);
    return { byId, notFound, loadAverage };
  } finally {
    await api.stop();
  }
}

export async function run(args: string[]): Promise<void> {
  const parsed = namedArgs(args, {
    program: 'npm run bench --',
    name: 'replay',
    usage: 'replay [--events N] [--requests R] [--clients C] [--profile] [--hold-mb M]',
    help: `Rebuilding the read model from the log, then the API over it.

  --events N          events in the log (1000000)
  --requests R        API requests (20000)
  --clients C         concurrent API clients (100)
  --profile           CPU profiles of the rebuild and the api
  --hold-mb M         MB of events the rebuild holds in memory`,
    options: {
      events: { type: 'string' },
      requests: { type: 'string' },
      clients: { type: 'string' },
      profile: { type: 'boolean' },
      'hold-mb': { type: 'string' },
    },
  });
  if (!parsed) return;
  const flags = parsed.values;
  const target = Number(flags.events ?? 1_000_000);
  const clients = Number(flags.clients ?? 100);
  const requests = Number(flags.requests ?? 20_000);
  const env = benchEnv('replay');
  const client = benchClient();
  const bus = benchBus(env, 'bench-replay', client);
  // The baseline is a bare kafkajs consumer whatever client the replay runs on (KAFKA_CLIENT).
  const kafkajs = client === 'kafkajs' ? bus : benchBus(env, 'bench-replay-kafkajs', 'kafkajs');
  const topic = env.prefix + TOPICS.events;
  try {
    await createBenchTopics(bus, env.prefix, PARTITIONS);
    process.stdout.write(
      `load average before the run: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (${cpus().length} cores)\n`,
    );
    process.stdout.write(
      `replay bench: filling ${topic} (${PARTITIONS} partitions) with ${fmt(target)} events...\n`,
    );
    const filled = await fill(bus, topic, target);
    process.stdout.write(
      `filled: ${fmt(filled.events)} events of ${fmt(filled.articles)} articles, ${fmt(filled.bytes / filled.events)} B/event on average, in ${filled.seconds.toFixed(1)} s\n`,
    );

    const bare = await timed(() => kafkajs.readToEnd(topic, () => undefined));
    const bareClient = client === 'kafkajs' ? bare : await timed(() => bus.readToEnd(topic, () => undefined));
    const parsed = await timed(() =>
      bus.readToEnd(topic, (batch) => {
        for (const m of batch) articleEventOf(m);
      }),
    );
    const holdBytes = flags['hold-mb'] ? Number(flags['hold-mb']) * 2 ** 20 : REBUILD_HOLD_BYTES;
    const writer = await openReadModelWriter({ databaseUrl: env.databaseUrl, schema: env.schema });
    // Exactly what `newswire replay projections` runs (the runtime's rebuildReadModel).
    const logger = createLogger('bench-replay', 'warn', 2);
    // The resident size keeps what the passes before left; the V8 heap in use is the rebuild's own.
    setFlagsFromString('--expose-gc'); // `npm run bench` starts node without it
    (runInNewContext('gc') as () => void)();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakRss = process.memoryUsage().rss;
    let peakHeap = heapBefore;
    const sampling = setInterval(() => {
      const { rss, heapUsed } = process.memoryUsage();
      peakRss = Math.max(peakRss, rss);
      peakHeap = Math.max(peakHeap, heapUsed);
    }, 100);
    const replay = () =>
      rebuildReadModel({ bus, writer, logger }, { topic, group: GROUP, holdBytes }).finally(() =>
        clearInterval(sampling),
      );
    let rebuilt: Rate;
    let profile: ReturnType<typeof hotSpots> | undefined;
    if (flags.profile) {
      const p = await profiled(() => timed(replay));
      rebuilt = p.result;
      profile = hotSpots(p.profile, 15);
    } else rebuilt = await timed(replay);
    await writer.close();

    // With --profile the api runs under the V8 profiler too (whole run: warm-up, 404s, articles).
    const apiProfileDir = flags.profile ? mkdtempSync(join(tmpdir(), 'newswire-replay-prof-')) : undefined;
    const api = await apiLatency(env, filled.articles, clients, requests, apiProfileDir);
    const apiProfile = apiProfileDir ? hotSpotsOfFile(join(apiProfileDir, 'api.cpuprofile'), 15) : undefined;
    if (apiProfileDir) rmSync(apiProfileDir, { recursive: true, force: true });
    const rows = [
      ['bare kafkajs consumer (readToEnd, no-op)', bare],
      ...(client === 'kafkajs' ? [] : [[`bare ${client} consumer (readToEnd, no-op)`, bareClient] as const]),
      [`${client}: readToEnd + articleEventOf`, parsed],
      [`replay into a fresh schema, holding ${fmt(holdBytes / 2 ** 20)} MB of events`, rebuilt],
    ] as const;
    process.stdout.write(
      `\nreplay of ${fmt(filled.events)} events, node ${process.version}, Kafka client ${client} (KAFKA_CLIENT)\n`,
    );
    printTable(
      ['pass', 'events', 'seconds', 'events/s', 'node CPU', 'postgres CPU', 'vs bare'],
      rows.map(([name, r]) => [
        name,
        fmt(r.events),
        r.seconds.toFixed(1),
        fmt(r.perSecond),
        r.nodeCores.toFixed(2),
        r.postgresCores.toFixed(2),
        (r.perSecond / bare.perSecond).toFixed(2) + 'x',
      ]),
    );
    process.stdout.write('CPU in cores (1.00 = one core busy for the whole pass)\n');
    process.stdout.write(
      `replay peak resident memory of this process: ${fmt(peakRss / 2 ** 20)} MB; ` +
        `peak V8 heap in use ${fmt(peakHeap / 2 ** 20)} MB (${fmt(heapBefore / 2 ** 20)} MB before it)\n` +
        `aim: replay >= 20,000 events/s: ${rebuilt.perSecond >= 20_000 ? 'met' : 'MISSED'}; ` +
        `>= 0.3x the bare consumer: ${rebuilt.perSecond >= 0.3 * bare.perSecond ? 'met' : 'MISSED'}\n\n`,
    );
    const latencyRow = (name: string, l: ApiPass) => [
      name,
      fmt(l.count),
      fmt(l.perSecond),
      l.p50.toFixed(1),
      l.p99.toFixed(1),
      l.p999.toFixed(1),
      l.max.toFixed(1),
      String(l.unexpected),
      l.apiCores.toFixed(2),
      l.clientCores.toFixed(2),
      l.postgresCores.toFixed(2),
    ];
    process.stdout.write(
      `api latency, ${clients} concurrent keep-alive clients, load generator in this process (same cores); load average ${api.loadAverage
        .map((l) => l.toFixed(1))
        .join(' ')} before it\n`,
    );
    printTable(
      [
        'request',
        'requests',
        'req/s',
        'p50 ms',
        'p99 ms',
        'p99.9 ms',
        'max ms',
        'bad status',
        'api CPU',
        'client CPU',
        'postgres CPU',
      ],
      [latencyRow('GET /articles/:id', api.byId), latencyRow('GET 404 (baseline)', api.notFound)],
    );
    process.stdout.write(
      `p99 ratio /articles/:id vs 404: ${(api.byId.p99 / api.notFound.p99).toFixed(2)}x; aim p99 < 20 ms: ${api.byId.p99 < 20 ? 'met' : 'MISSED'}\n`,
    );
    if (apiProfile) printHotSpots('\napi process, self time over its whole run (V8 profiler):', apiProfile);
    if (profile) printHotSpots('\nreplay pass, node self time (V8 profiler):', profile);
    process.stdout.write(
      '\n' +
        JSON.stringify({
          bench: 'replay',
          client,
          loadAverage: loadavg(),
          filled,
          bare,
          bareClient,
          parsed,
          replay: rebuilt,
          holdMb: holdBytes / 2 ** 20,
          peakRssMb: peakRss / 2 ** 20,
          peakHeapMb: peakHeap / 2 ** 20,
          heapBeforeMb: heapBefore / 2 ** 20,
          api,
          profile,
          apiProfile,
        }) +
        '\n',
    );
  } finally {
    await dropSchemas(env.databaseUrl, env.schema).catch(() => undefined);
    await deleteTopics(bus, env.prefix).catch(() => undefined);
    await bus.close();
    if (kafkajs !== bus) await kafkajs.close();
  }
}
