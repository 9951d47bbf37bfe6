/**
 * `npm run bench -- e2e [--stories N] [--rate R] [--seconds S] [--nest-stories M] [--ceiling-records K]
 *                       [--partitions P] [--batch B] [--profile] [--hops]`
 *
 * The whole pipeline (normalizer, curator, projector: three processes from dist/, on the
 * real broker and PostgreSQL), in one run:
 *  1. saturation: after a warm-up story batch has gone through (every group joined, the curator's
 *     index built), N raw ninjs stories (default 10,000) are written to wire.raw.v1 as fast as the
 *     producer goes; stories/s = N / time until the read model holds all of them;
 *  2. latency: R stories/s (default 500) for S seconds (default 20); latency = when the projection
 *     appears on article.projections.v1 (the projector publishes it inside its database
 *     transaction) minus the raw message's received-at, stamped when it was sent; with --hops,
 *     also when each story became readable on wire.enriched.v1 and article.events.v1;
 *  3. baseline (a): the same work written the plain NestJS way (bench/nest-baseline: @EventPattern
 *     handlers on the built-in Kafka transport, one message at a time, no Kafka transactions, the
 *     same read model written an event at a time), M stories;
 *  4. baseline (b): the broker's own ceiling, ProducerPerformance/ConsumerPerformance with
 *     messages of the same size.
 * CPU (in cores) and peak RSS of each process are sampled from /proc; with --profile each app runs
 * under `node --cpu-prof` and its hottest functions are printed. Topics and schemas are deleted at
 * the end. Aims (issue 7): >= 3,000 stories/s, >= 5x the NestJS way, p99 < 250 ms at 500/s.
 * The apps and the bench's own bus run on the client KAFKA_CLIENT names (platformatic by default),
 * so `KAFKA_CLIENT=kafkajs npm run bench -- e2e` measures the pipeline on another client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADERS, topicNames, type ArticleProjection } from '@newswire/contracts';
import { type MessageBus, type OutMessage, type Producer } from '@newswire/kafka';
import { namedArgs } from './run-named';
import { startApp, startProcess, type RunningApp } from './support/app-runner';
import {
  benchBus,
  benchClient,
  benchEnv,
  createBenchTopics,
  deleteTopics,
  dropSchemas,
  sqlQuery,
} from './support/bench-env';
import { brokerCeiling } from './support/broker-ceiling';
import { hotSpotsOfFile, printHotSpots, type HotSpot } from './support/cpu-profile';
import { ProcSampler, cpuByPid, cpuSince, type ProcUsage } from './support/proc-sampler';
import { rawMessage } from './support/raw-stories';
import { fmt, printTable, sleep, summarize, waitFor, type LatencySummary } from './support/stats';

const STAGES = ['normalizer', 'curator', 'projector'];
const WARM_UP = 20;

/** Sends stories `from`..`to`-1 of `run`, 500 a request and up to 4 requests in flight. */
async function sendStories(
  producer: Producer,
  topic: string,
  run: string,
  from: number,
  to: number,
): Promise<number> {
  const inFlight: Promise<void>[] = [];
  let bytes = 0;
  for (let i = from; i < to; i += 500) {
    const batch: OutMessage[] = [];
    for (let k = i; k < Math.min(to, i + 500); k++) {
      const m = rawMessage(topic, run, k);
      bytes += (m.value as string).length;
      batch.push(m);
    }
    const sent = producer.send(batch);
    sent.catch(() => undefined); // awaited below; keeps an early failure from crashing the process
    inFlight.push(sent);
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  return bytes;
}

const articleCount = (databaseUrl: string, table: string) => async (): Promise<number> => {
  try {
    const [row] = await sqlQuery<{ n: number }>(databaseUrl, `select count(*)::int as n from ${table}`);
    return row.n;
  } catch {
    return -1; // the table does not exist yet
  }
};

const logTails = (apps: RunningApp[]) =>
  apps.map((a) => `--- ${a.name}\n${a.logs().slice(-2000)}`).join('\n');

interface Saturation extends ServerCpu {
  stories: number;
  reached: number;
  seconds: number;
  perSecond: number;
  produceSeconds: number;
  bytesPerStory: number;
  usage: Record<string, ProcUsage>;
}

/** CPU of the broker (every `java` process) and of PostgreSQL (server and backends), in cores. */
interface ServerCpu {
  brokerCores: number;
  postgresCores: number;
}

/** Starts counting the broker's and PostgreSQL's CPU; the function returned gives it over `seconds`. */
function serverCpuFromNow(): (seconds: number) => ServerCpu {
  const java0 = cpuByPid('java');
  const pg0 = cpuByPid('postgres');
  return (seconds) => ({
    brokerCores: cpuSince('java', java0) / seconds,
    postgresCores: cpuSince('postgres', pg0) / seconds,
  });
}

/** Warm-up, then N stories as fast as they can be written; the clock stops when the read model has them all. */
async function saturate(
  apps: RunningApp[],
  producer: Producer,
  rawTopic: string,
  count: () => Promise<number>,
  run: string,
  stories: number,
): Promise<Saturation> {
  await sendStories(producer, rawTopic, `${run}w`, 0, WARM_UP);
  const warm = await waitFor(async () => (await count()) >= WARM_UP, 180_000, 250);
  if (!warm) throw new Error(`warm-up stories never reached the read model:\n${logTails(apps)}`);
  const sampler = new ProcSampler(apps.map((a) => a.pid));
  sampler.start();
  const serverCpu = serverCpuFromNow();
  const t0 = performance.now();
  const bytes = await sendStories(producer, rawTopic, run, 0, stories);
  const produceSeconds = (performance.now() - t0) / 1000;
  let reached = 0;
  await waitFor(
    async () => (reached = (await count()) - WARM_UP) >= stories,
    Math.max(120_000, stories * 20),
    100,
  );
  const seconds = (performance.now() - t0) / 1000;
  const usage = sampler.stop();
  const cpu = serverCpu(seconds);
  if (reached < stories) {
    process.stdout.write(
      `only ${reached} of ${stories} stories arrived; last log lines:\n${logTails(apps)}\n`,
    );
  }
  return {
    stories,
    reached,
    seconds,
    perSecond: reached / seconds,
    produceSeconds,
    bytesPerStory: bytes / stories,
    usage: Object.fromEntries(apps.map((a) => [a.name, usage.get(a.pid)!])),
    ...cpu,
  };
}

/**
 * CPU each process spends on one story at saturation (cores / stories per second), and what two
 * cores could carry if that were all they did: the ceiling this design has on this machine.
 */
function printCpuBudget(sat: Saturation, cores: number): { totalMicros: number; ceilingPerSecond: number } {
  const perStory = (c: number) => (c / sat.perSecond) * 1e6;
  const rows: [string, number][] = [
    ...Object.entries(sat.usage).map(([name, u]): [string, number] => [name, perStory(u.cores)]),
    ['broker (java)', perStory(sat.brokerCores)],
    ['postgresql (all processes)', perStory(sat.postgresCores)],
  ];
  const totalMicros = rows.reduce((n, [, us]) => n + us, 0);
  const ceilingPerSecond = (cores * 1e6) / totalMicros;
  process.stdout.write(`\nCPU per story at saturation (the bench's own producer not counted)\n`);
  printTable(
    ['process', 'CPU us/story', 'share'],
    [
      ...rows.map(([name, us]) => [name, fmt(us), `${((us / totalMicros) * 100).toFixed(0)}%`]),
      ['total', fmt(totalMicros), '100%'],
    ],
  );
  process.stdout.write(
    `${cores} cores / ${fmt(totalMicros)} us per story = at most ${fmt(ceilingPerSecond)} stories/s with every core busy\n\n`,
  );
  return { totalMicros, ceilingPerSecond };
}

interface Latency extends LatencySummary, ServerCpu {
  offered: number;
  offeredPerSecond: number;
  usage: Record<string, ProcUsage>;
  /** When each story became readable (committed) on each topic, from received-at: where the time goes. */
  hops: { topic: string; latency: LatencySummary }[];
}

/** R stories/s for S seconds; latency from received-at to the projection on article.projections.v1. */
async function latencyAtLoad(
  bus: MessageBus,
  apps: RunningApp[],
  producer: Producer,
  prefix: string,
  run: string,
  rate: number,
  seconds: number,
  withHops: boolean,
): Promise<Latency> {
  const topics = topicNames(prefix);
  const latencies: number[] = [];
  const tail = await bus.runSink({
    stage: 'bench-tail',
    groupId: `${prefix}tail`,
    topics: [topics.projections],
    fromBeginning: false,
    commitToKafka: false,
    handleBatch: (messages) => {
      const now = Date.now();
      for (const m of messages) {
        if (m.headers[HEADERS.projectionVersion] !== '1' || !m.value) continue;
        const p = JSON.parse(m.value.toString('utf8')) as ArticleProjection;
        if (p.sources[0]?.guid.startsWith(`urn:bench:${run}:`))
          latencies.push(now - Date.parse(p.sources[0].receivedAt));
      }
      return Promise.resolve();
    },
  });
  // Tails on the topics between the stages (--hops): when a story's message became readable on
  // each. Off by default: they read every message too, on the same two cores as the pipeline.
  const sentAt = new Map<string, number>();
  const hopTopics = withHops ? [topics.enriched, topics.events] : [];
  const seen = hopTopics.map(() => new Map<string, number>());
  const hopTails = await Promise.all(
    hopTopics.map((topic, h) =>
      bus.runSink({
        stage: `bench-tail-${h}`,
        groupId: `${prefix}tail-${h}`,
        topics: [topic],
        fromBeginning: false,
        commitToKafka: false,
        handleBatch: (messages) => {
          const now = Date.now();
          for (const m of messages) {
            const trace = m.headers[HEADERS.traceId];
            if (trace !== undefined && !seen[h].has(trace)) seen[h].set(trace, now);
          }
          return Promise.resolve();
        },
      }),
    ),
  );
  await Promise.all([tail, ...hopTails].map((t) => t.joined()));
  await sleep(1000); // the tails' first fetch positions them at the end before any story is offered
  const total = Math.round(rate * seconds);
  const sampler = new ProcSampler(apps.map((a) => a.pid));
  sampler.start();
  const serverCpu = serverCpuFromNow();
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    if (due > sent) {
      const batch: OutMessage[] = [];
      for (; sent < due; sent++) {
        const m = rawMessage(topics.raw, run, sent);
        if (withHops) sentAt.set(m.headers![HEADERS.traceId], Date.parse(m.headers![HEADERS.receivedAt]));
        batch.push(m);
      }
      await producer.send(batch);
    } else await sleep(2);
  }
  const offeredSeconds = (performance.now() - start) / 1000;
  await waitFor(async () => latencies.length >= total, 60_000, 100);
  const usage = sampler.stop();
  const phaseSeconds = (performance.now() - start) / 1000;
  await Promise.all([tail, ...hopTails].map((t) => t.stop()));
  const hops = hopTopics.map((topic, h) => ({
    topic,
    latency: summarize([...seen[h]].filter(([t]) => sentAt.has(t)).map(([t, at]) => at - sentAt.get(t)!)),
  }));
  return {
    hops,
    ...summarize(latencies),
    offered: total,
    offeredPerSecond: total / offeredSeconds,
    usage: Object.fromEntries(apps.map((a) => [a.name, usage.get(a.pid)!])),
    ...serverCpu(phaseSeconds),
  };
}

export async function run(args: string[]): Promise<void> {
  const parsed = namedArgs(args, {
    program: 'npm run bench --',
    name: 'e2e',
    usage:
      'e2e [--stories N] [--rate R] [--seconds S] [--nest-stories M] [--ceiling-records K] [--partitions P] [--batch B] [--profile] [--hops]',
    help: `The whole pipeline as separate processes: throughput at saturation and latency at a fixed
rate, beside a NestJS baseline.

  --stories N         stories at saturation (10000)
  --rate R            stories/s of the fixed load (500)
  --seconds S         seconds of the fixed load (20)
  --nest-stories M    stories through the NestJS baseline (2000)
  --ceiling-records K records for the broker's ceiling (200000)
  --partitions P      partitions per topic (3)
  --batch B           the apps' batch size (their default)
  --profile           a CPU profile of each app
  --hops              latency per topic`,
    options: {
      stories: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      'nest-stories': { type: 'string' },
      'ceiling-records': { type: 'string' },
      partitions: { type: 'string' },
      batch: { type: 'string' },
      profile: { type: 'boolean' },
      hops: { type: 'boolean' },
    },
  });
  if (!parsed) return;
  const flags = parsed.values;
  const stories = Number(flags.stories ?? 10_000);
  const rate = Number(flags.rate ?? 500);
  const seconds = Number(flags.seconds ?? 20);
  const nestStories = Number(flags['nest-stories'] ?? 2_000);
  const ceilingRecords = Number(flags['ceiling-records'] ?? 200_000);
  const partitions = Number(flags.partitions ?? 3);
  const batch = flags.batch === undefined ? undefined : String(flags.batch);
  const env = benchEnv('e2e');
  const client = benchClient();
  const bus = benchBus(env, 'bench-e2e', client);
  const profileDir = flags.profile ? mkdtempSync(join(tmpdir(), 'newswire-e2e-prof-')) : undefined;
  const run = Date.now().toString(36);
  const started: RunningApp[] = [];
  const common = {
    KAFKA_BROKERS: env.brokers.join(','),
    KAFKA_CLIENT: client,
    DATABASE_URL: env.databaseUrl,
    LOG_LEVEL: 'warn',
  };
  process.stdout.write(
    `load average before the run: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} cores)\n`,
  );
  process.stdout.write(
    `e2e bench on the ${client} client (KAFKA_CLIENT): ${fmt(stories)} stories at saturation, ${rate}/s for ${seconds} s, NestJS baseline ${fmt(nestStories)} stories, ${partitions} partitions, ${batch ?? 'default'} messages a transaction${profileDir ? ', profiling' : ''}\n`,
  );
  try {
    // --- newswire: the three pipeline apps
    await createBenchTopics(bus, env.prefix, partitions);
    const appEnv = {
      ...common,
      TOPIC_PREFIX: env.prefix,
      GROUP_PREFIX: `${env.prefix}g`,
      TOPIC_PARTITIONS: String(partitions),
      DB_SCHEMA: env.schema,
      ...(batch ? { BATCH_MAX_MESSAGES: batch } : {}),
    };
    const apps = STAGES.map((name) => startApp(name, appEnv, profileDir));
    started.push(...apps);
    const producer = await bus.producer();
    const rawTopic = topicNames(env.prefix).raw;
    const sat = await saturate(
      apps,
      producer,
      rawTopic,
      articleCount(env.databaseUrl, `"${env.schema}".articles`),
      `${run}s`,
      stories,
    );
    process.stdout.write(
      `newswire saturation: ${fmt(sat.reached)} stories in ${sat.seconds.toFixed(1)} s = ${fmt(sat.perSecond)} stories/s\n`,
    );
    const lat = await latencyAtLoad(
      bus,
      apps,
      producer,
      env.prefix,
      `${run}l`,
      rate,
      seconds,
      Boolean(flags.hops),
    );
    process.stdout.write(`newswire latency at ${rate}/s: p50 ${fmt(lat.p50)} ms, p99 ${fmt(lat.p99)} ms\n`);
    await Promise.all(apps.map((a) => a.stop()));

    // --- (a) the plain NestJS way
    const nestPrefix = `${env.prefix}nest.`;
    await createBenchTopics(bus, nestPrefix, partitions);
    const nest = startProcess(
      'nest-baseline',
      join('bench', 'nest-baseline', 'main.js'),
      {
        ...common,
        TOPIC_PREFIX: nestPrefix,
        DB_SCHEMA: `${env.schema}_nest`,
        GROUP_ID: `${nestPrefix}g`,
      },
      profileDir,
    );
    started.push(nest);
    const nestSat = await saturate(
      [nest],
      producer,
      topicNames(nestPrefix).raw,
      articleCount(env.databaseUrl, `"${env.schema}_nest".articles`),
      `${run}n`,
      nestStories,
    );
    process.stdout.write(`NestJS baseline saturation: ${fmt(nestSat.perSecond)} stories/s\n`);
    await nest.stop();
    await producer.close();

    // --- (b) the broker's own ceiling, same message size
    const ceilingTopic = `${env.prefix}ceiling`;
    const admin = await bus.admin();
    await admin.ensureTopics([{ name: ceilingTopic, partitions, config: {} }]);
    await admin.close();
    const ceiling = brokerCeiling(
      env.brokers.join(','),
      ceilingTopic,
      ceilingRecords,
      Math.round(sat.bytesPerStory),
    );

    // --- report
    process.stdout.write(
      `\nend to end, node ${process.version}, ${Math.round(sat.bytesPerStory)} B per raw story\n`,
    );
    printTable(
      ['throughput', 'messages', 'per second', 'newswire is'],
      [
        [
          'newswire: raw -> projection row (3 apps, exactly-once)',
          fmt(sat.reached),
          fmt(sat.perSecond),
          '1.00x',
        ],
        [
          '(a) plain NestJS @EventPattern, one at a time',
          fmt(nestSat.reached),
          fmt(nestSat.perSecond),
          (sat.perSecond / nestSat.perSecond).toFixed(2) + 'x',
        ],
        [
          '(b) broker ProducerPerformance (acks=all)',
          fmt(ceilingRecords),
          fmt(ceiling.producerPerSecond),
          (sat.perSecond / ceiling.producerPerSecond).toFixed(3) + 'x',
        ],
        [
          '(b) broker ConsumerPerformance (fetch rate)',
          fmt(ceilingRecords),
          fmt(ceiling.consumerPerSecond),
          (sat.perSecond / ceiling.consumerPerSecond).toFixed(3) + 'x',
        ],
      ],
    );
    process.stdout.write(
      `aims: >= 3,000 stories/s ${sat.perSecond >= 3000 ? 'met' : 'MISSED'}; >= 5x NestJS ${sat.perSecond >= 5 * nestSat.perSecond ? 'met' : 'MISSED'}\n\n`,
    );
    process.stdout.write(
      `latency raw received-at -> projection published, ${fmt(lat.offered)} stories offered at ${fmt(lat.offeredPerSecond)}/s\n`,
    );
    printTable(
      ['received', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms'],
      [[fmt(lat.count), fmt(lat.p50), fmt(lat.p99), fmt(lat.p999), fmt(lat.max)]],
    );
    if (lat.hops.length > 0) {
      process.stdout.write('where the time goes: readable on each topic, from received-at\n');
      printTable(
        ['topic', 'stories', 'p50 ms', 'p99 ms'],
        [
          ...lat.hops.map(({ topic, latency }) => [
            topic,
            fmt(latency.count),
            fmt(latency.p50),
            fmt(latency.p99),
          ]),
          ['projection (above)', fmt(lat.count), fmt(lat.p50), fmt(lat.p99)],
        ],
      );
    }
    process.stdout.write(
      `aim: p99 < 250 ms at ${rate}/s ${lat.p99 < 250 && lat.count === lat.offered ? 'met' : 'MISSED'}\n\n`,
    );
    const usageRows = (phase: string, usage: Record<string, ProcUsage>) =>
      Object.entries(usage).map(([name, u]) => [`${phase}: ${name}`, u.cores.toFixed(2), fmt(u.maxRssMiB)]);
    process.stdout.write('per process (CPU in cores: 1.00 = one core busy throughout the phase)\n');
    process.stdout.write(
      `kafkajs retries after CONCURRENT_TRANSACTIONS (a transaction step begun before the previous commit completed), whole run: ${apps.map((a) => `${a.name} ${a.concurrentTransactionRetries()}`).join(', ')}\n`,
    );
    printTable(
      ['phase: process', 'CPU', 'peak RSS MiB'],
      [
        ...usageRows('saturation', sat.usage),
        ...usageRows(`${rate}/s`, lat.usage),
        [`${rate}/s: broker (java)`, lat.brokerCores.toFixed(2), ''],
        [`${rate}/s: postgresql (all processes)`, lat.postgresCores.toFixed(2), ''],
        ...usageRows('NestJS saturation', nestSat.usage),
      ],
    );
    const budget = printCpuBudget(sat, cpus().length);
    const profiles: Record<string, HotSpot[]> = {};
    if (profileDir) {
      for (const name of [...STAGES, 'nest-baseline']) {
        try {
          profiles[name] = hotSpotsOfFile(join(profileDir, `${name}.cpuprofile`), 8);
          printHotSpots(`\n${name}: self time over its whole run (V8 profiler)`, profiles[name]);
        } catch (error) {
          process.stdout.write(`\n${name}: no profile (${String(error)})\n`);
        }
      }
    }
    process.stdout.write(
      '\n' +
        JSON.stringify({
          bench: 'e2e',
          client,
          loadAverage: loadavg(),
          saturation: sat,
          latency: lat,
          nest: nestSat,
          ceiling,
          budget,
          profiles,
        }) +
        '\n',
    );
  } finally {
    await Promise.all(started.map((a) => a.stop()));
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await dropSchemas(env.databaseUrl, env.schema).catch(() => undefined);
    await deleteTopics(bus, env.prefix).catch(() => undefined);
    await bus.close();
  }
}
