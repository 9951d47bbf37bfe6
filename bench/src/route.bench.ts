/**
 * `npm run bench -- route [--articles N] [--rate R] [--seconds S]`
 *
 * The router on the real broker, in one run:
 *  1. throughput: N projections (default 2,000) routed to 1, 10 and 100 Kafka subscriptions that
 *     each take every article (ninjs 3.1), timed from the first send until the router has
 *     committed its input to the end, as deliveries/s (N × subscriptions / seconds), beside a plain
 *     consumer reading and parsing the same N projections;
 *  2. latency (run first, on a quiet broker): one webhook subscription to a receiver on loopback while projections arrive at R a
 *     second (default 200) for S seconds (default 15): projection sent → POST received, p50/p99.
 */
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArticleProjection, HEADERS, topicNames } from '@newswire/contracts';
import type { MessageBus, OutMessage } from '@newswire/kafka';
import { WEBHOOK_HEADERS } from '@newswire/routing';
import { namedArgs } from './run-named';
import { projectionAt } from '../../libs/routing/src/projection.fixture';
import { startApp, type RunningApp } from './support/app-runner';
import { benchBus, benchEnv, createBenchTopics, deleteTopics, type BenchEnv } from './support/bench-env';
import { ProcSampler } from './support/proc-sampler';
import { fmt, printTable, sleep, summarize, waitFor } from './support/stats';

const PARTITIONS = 3;

const projection = (run: string, i: number): OutMessage => {
  const p = projectionAt(1, {
    articleId: `art_${run}_${i}`,
    headline: `Bench story ${i}`,
    body: [`Story ${i}: the state broadcaster IRIB reported the meeting. `.repeat(6)],
  });
  return {
    topic: '',
    key: p.articleId,
    value: JSON.stringify(p),
    headers: { [HEADERS.projectionVersion]: '1' },
  };
};

async function send(bus: MessageBus, messages: OutMessage[]): Promise<void> {
  const producer = await bus.producer();
  for (let i = 0; i < messages.length; i += 500) await producer.send(messages.slice(i, i + 500));
  await producer.close();
}

/** Whether the router's group has committed the projections topic to its end. */
async function drained(bus: MessageBus, env: BenchEnv): Promise<boolean> {
  const admin = await bus.admin();
  try {
    const topic = topicNames(env.prefix).projections;
    const [ends, committed] = await Promise.all([
      admin.topicOffsets(topic),
      admin.groupOffsets(`${env.prefix}g.router`, topic),
    ]);
    // A partition that never had a message has no committed offset.
    return ends.every((e) => {
      const c = BigInt(committed.find((x) => x.partition === e.partition)?.offset ?? '-1');
      return c >= BigInt(e.high) || (c < 0n && e.high === e.low);
    });
  } finally {
    await admin.close();
  }
}

async function startRouter(env: BenchEnv, subscriptions: object[], extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'newswire-bench-route-'));
  writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions }));
  const app = startApp('router', {
    KAFKA_BROKERS: env.brokers.join(','),
    TOPIC_PREFIX: env.prefix,
    TOPIC_PARTITIONS: String(PARTITIONS),
    GROUP_PREFIX: `${env.prefix}g`,
    ROUTER_SUBSCRIPTIONS_FILE: join(dir, 'subscriptions.json'),
    ...extra,
  });
  return { app, dir };
}

/** One warm-up projection through the router: it has joined, rebuilt its state and made its topics. */
async function warmUp(bus: MessageBus, env: BenchEnv, app: RunningApp): Promise<void> {
  const topic = topicNames(env.prefix).projections;
  await send(bus, [{ ...projection('warm', 0), topic }]);
  if (!(await waitFor(() => drained(bus, env), 120000, 100)))
    throw new Error(`the router did not take its first projection\n${app.logs()}`);
}

async function throughput(n: number, count: number): Promise<string[]> {
  const env = benchEnv(`route${count}`);
  const bus = benchBus(env, 'bench-route');
  try {
    await createBenchTopics(bus, env.prefix, PARTITIONS);
    const subs = Array.from({ length: count }, (_, i) => ({ name: `s${i}`, delivery: { kind: 'kafka' } }));
    const { app, dir } = await startRouter(env, subs);
    try {
      await warmUp(bus, env, app);
      const topic = topicNames(env.prefix).projections;
      const messages = Array.from({ length: n }, (_, i) => ({ ...projection('t', i), topic }));
      const sampler = new ProcSampler([app.pid]);
      sampler.start();
      const t0 = performance.now();
      await send(bus, messages);
      if (!(await waitFor(() => drained(bus, env), 600000, 50)))
        throw new Error(`the router did not route ${n} projections in time\n${app.logs()}`);
      const seconds = (performance.now() - t0) / 1000;
      const cores = sampler.stop().get(app.pid)!.cores;
      return [
        `router, ${count} Kafka subscription${count > 1 ? 's' : ''}`,
        fmt(n),
        fmt(n * count),
        fmt(seconds, 2),
        fmt(n / seconds),
        fmt((n * count) / seconds),
        fmt(cores, 2),
      ];
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await deleteTopics(bus, env.prefix).catch(() => undefined);
    await bus.close();
  }
}

async function plainConsumer(n: number): Promise<string[]> {
  const env = benchEnv('routeplain');
  const bus = benchBus(env, 'bench-route');
  try {
    await createBenchTopics(bus, env.prefix, PARTITIONS);
    const topic = topicNames(env.prefix).projections;
    await send(
      bus,
      Array.from({ length: n }, (_, i) => ({ ...projection('p', i), topic })),
    );
    const t0 = performance.now();
    let read = 0;
    await bus.readToEnd(topic, (batch) => {
      for (const m of batch) if (ArticleProjection.safeParse(JSON.parse(m.value!.toString())).success) read++;
    });
    const seconds = (performance.now() - t0) / 1000;
    return ['plain consumer (read + parse)', fmt(read), '-', fmt(seconds, 2), fmt(read / seconds), '-', '-'];
  } finally {
    await deleteTopics(bus, env.prefix).catch(() => undefined);
    await bus.close();
  }
}

async function webhookLatency(rate: number, seconds: number): Promise<string[]> {
  const env = benchEnv('routehook');
  const bus = benchBus(env, 'bench-route');
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let warmed = false;
  const server = createServer((req, res) => {
    const delivery = String(req.headers[WEBHOOK_HEADERS.delivery]);
    req.resume();
    req.on('end', () => {
      const article = delivery.slice(0, delivery.lastIndexOf(':'));
      if (article === 'art_warm_0') warmed = true;
      const at = sentAt.get(article);
      if (at !== undefined) latencies.push(performance.now() - at);
      res.writeHead(204).end();
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  try {
    await createBenchTopics(bus, env.prefix, PARTITIONS);
    const subs = [
      {
        name: 'hook',
        delivery: { kind: 'webhook', url: `http://127.0.0.1:${port}/`, secret: { env: 'BENCH_HOOK_SECRET' } },
      },
    ];
    const { app, dir } = await startRouter(env, subs, { BENCH_HOOK_SECRET: 'bench-secret' });
    try {
      await warmUp(bus, env, app);
      // The webhook consumer has joined its group and delivered: the clock measures routing only.
      if (!(await waitFor(() => Promise.resolve(warmed), 60000, 50)))
        throw new Error(`the receiver never got the warm-up delivery\n${app.logs()}`);
      const topic = topicNames(env.prefix).projections;
      const producer = await bus.producer();
      const total = rate * seconds;
      const perTick = Math.max(1, Math.round(rate / 20));
      const t0 = performance.now();
      for (let i = 0; i < total; i += perTick) {
        const batch = Array.from({ length: Math.min(perTick, total - i) }, (_, j) => ({
          ...projection('h', i + j),
          topic,
        }));
        const now = performance.now();
        for (const m of batch) sentAt.set(String(m.key), now);
        await producer.send(batch);
        const next = t0 + ((i + perTick) / rate) * 1000;
        if (next > performance.now()) await sleep(next - performance.now());
      }
      await producer.close();
      if (!(await waitFor(() => Promise.resolve(latencies.length >= total), 120000, 50)))
        throw new Error(`the receiver had ${latencies.length} of ${total} deliveries\n${app.logs()}`);
      const s = summarize(latencies);
      return [
        `webhook, ${rate} articles/s for ${seconds} s`,
        fmt(s.count),
        fmt(s.p50, 1),
        fmt(s.p99, 1),
        fmt(s.max, 1),
      ];
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    server.close();
    await deleteTopics(bus, env.prefix).catch(() => undefined);
    await bus.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const parsed = namedArgs(args, {
    program: 'npm run bench --',
    name: 'route',
    usage: 'route [--articles N] [--rate R] [--seconds S]',
    help: `The router on the real broker: deliveries/s to 1, 10 and 100 subscriptions, and webhook latency at a fixed rate.

  --articles N        articles (2000)
  --rate R            projections/s (200)
  --seconds S         seconds of load (15)`,
    options: { articles: { type: 'string' }, rate: { type: 'string' }, seconds: { type: 'string' } },
  });
  if (!parsed) return;
  const flags = parsed.values;
  const n = Number(flags.articles ?? 2000);
  const rate = Number(flags.rate ?? 200);
  const seconds = Number(flags.seconds ?? 15);
  // The latency first: the throughput runs leave the broker deleting hundreds of partitions.
  const latency = await webhookLatency(rate, seconds);
  const rows = [await plainConsumer(n)];
  for (const count of [1, 10, 100]) rows.push(await throughput(n, count));
  const throughputHeader = [
    'article.projections.v1 ->',
    'articles',
    'deliveries',
    'seconds',
    'articles/s',
    'deliveries/s',
    'cores',
  ];
  const latencyHeader = ['projection -> webhook receipt', 'deliveries', 'p50 ms', 'p99 ms', 'max ms'];
  printTable(throughputHeader, rows);
  printTable(latencyHeader, [latency]);
  const named = (header: string[], row: string[]) => Object.fromEntries(header.map((h, i) => [h, row[i]]));
  process.stdout.write(
    JSON.stringify({
      throughput: rows.map((r) => named(throughputHeader, r)),
      latency: named(latencyHeader, latency),
    }) + '\n',
  );
}
