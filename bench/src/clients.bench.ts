/**
 * `npm run bench -- clients [--records N] [--partitions P] [--rounds R] [--batch B]`
 *
 * The Kafka clients behind libs/kafka's MessageBus, in one run on the same broker, the same topic
 * sizes and the same records (N raw ninjs stories of ~2 KB, as the e2e bench writes; default
 * 20,000 on P = 3 partitions), each client that loads here in turn, R rounds (default 3, the median
 * reported):
 *  1. produce: an idempotent producer (acks=all) sends the records, 500 a send, up to 4 sends in flight;
 *  2. consume: readToEnd (read_committed) reads them back, P partitions at a time;
 *  3. pipeline: runPipeline copies the topic to another with a trivial handler, exactly-once
 *     (transactions of up to B records, default 500, with their input offsets); the clock starts
 *     once the group has joined and stops when every record has committed.
 * CPU is that of this process (the client) and of the broker, in cores, over each phase.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { KAFKA_CLIENTS, type KafkaClient } from '@newswire/config';
import type { MessageBus, OutMessage } from '@newswire/kafka';
import { namedArgs } from './run-named';
import { benchBus, benchEnv, createBenchTopics, deleteTopics } from './support/bench-env';
import { ProcSampler, pidsNamed } from './support/proc-sampler';
import { rawMessage } from './support/raw-stories';
import { fmt, printTable } from './support/stats';

interface Phase {
  perSecond: number;
  seconds: number;
  /** CPU of the bench process (the client) and of the broker, in cores. */
  clientCores: number;
  brokerCores: number;
}

type Figures = Record<'produce' | 'consume' | 'pipeline', Phase>;

/** The broker listening on `port`: the java process started with its properties file. */
function brokerPid(port: string): number | undefined {
  return pidsNamed('java').find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`server-${port}.properties`);
    } catch {
      return false;
    }
  });
}

async function timed(records: number, broker: number | undefined, work: () => Promise<void>): Promise<Phase> {
  const pids = [process.pid, ...(broker ? [broker] : [])];
  const sampler = new ProcSampler(pids);
  sampler.start();
  const t0 = performance.now();
  await work();
  const seconds = (performance.now() - t0) / 1000;
  const usage = sampler.stop();
  return {
    perSecond: records / seconds,
    seconds,
    clientCores: usage.get(process.pid)!.cores,
    brokerCores: broker ? usage.get(broker)!.cores : NaN,
  };
}

async function measure(
  bus: MessageBus,
  prefix: string,
  records: OutMessage[],
  partitions: number,
  batch: number,
  broker: number | undefined,
): Promise<Figures> {
  await createBenchTopics(bus, prefix, partitions);
  const input = `${prefix}wire.raw.v1`;
  const output = `${prefix}article.events.v1`; // as many partitions as the input
  const messages = records.map((m) => ({ ...m, topic: input }));

  const producer = await bus.producer();
  const produce = await timed(records.length, broker, async () => {
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < messages.length; i += 500) {
      inFlight.push(producer.send(messages.slice(i, i + 500)));
      if (inFlight.length >= 4) await inFlight.shift();
    }
    await Promise.all(inFlight);
  });
  await producer.close();

  let read = 0;
  const consume = await timed(records.length, broker, async () => {
    read = await bus.readToEnd(input, () => undefined, { concurrency: partitions });
  });
  if (read !== records.length) throw new Error(`readToEnd read ${read} of ${records.length}`);

  let committed = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  const pipeline = await bus.runPipeline({
    stage: 'bench',
    groupId: `${prefix}g`,
    topics: [input],
    dlqTopic: `${prefix}wire.dlq.v1`,
    maxBatch: batch,
    handler: (m) => [{ topic: output, key: m.key, value: m.value, headers: m.headers }],
    onCommitted: ({ count }) => {
      committed += count;
      if (committed >= records.length) done();
    },
  });
  await pipeline.joined();
  const copy = await timed(records.length, broker, () => all);
  await pipeline.stop();
  return { produce, consume, pipeline: copy };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function medianPhase(phases: Phase[]): Phase {
  const m = median(phases.map((p) => p.perSecond));
  return phases.find((p) => p.perSecond === m)!;
}

export async function run(args: string[]): Promise<void> {
  const parsed = namedArgs(args, {
    program: 'npm run bench --',
    name: 'clients',
    usage: 'clients [--records N] [--partitions P] [--rounds R] [--batch B]',
    help: `Every Kafka client that loads, against each other on the same records.

  --records N         records per round (20000)
  --partitions P      partitions of the topic (3)
  --rounds R          rounds per client (3)
  --batch B           records per send (500)`,
    options: {
      records: { type: 'string' },
      partitions: { type: 'string' },
      rounds: { type: 'string' },
      batch: { type: 'string' },
    },
  });
  if (!parsed) return;
  const flags = parsed.values;
  const recordCount = Number(flags.records ?? 20_000);
  const partitions = Number(flags.partitions ?? 3);
  const rounds = Number(flags.rounds ?? 3);
  const batch = Number(flags.batch ?? 500);
  const env = benchEnv('clients');
  const port = env.brokers[0].split(':')[1];
  const broker = brokerPid(port);
  const loaded: [KafkaClient, MessageBus][] = [];
  const missing: string[] = [];
  for (const client of KAFKA_CLIENTS) {
    try {
      loaded.push([client, benchBus(env, `bench-clients-${client}`, client)]);
    } catch (error) {
      missing.push(`${client} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  process.stdout.write(
    `load average before the run: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} cores), node ${process.version}\n`,
  );
  process.stdout.write(
    `clients bench: ${fmt(recordCount)} records, ${partitions} partitions, ${rounds} rounds, ${batch} records a transaction; clients: ${loaded.map(([c]) => c).join(', ')}${missing.length ? `; not loaded: ${missing.join('; ')}` : ''}\n`,
  );
  const run = Date.now().toString(36);
  const records = Array.from({ length: recordCount }, (_, i) => rawMessage('', run, i));
  const bytes = records.reduce((n, m) => n + Buffer.byteLength(m.value as string), 0) / recordCount;
  const results = new Map<KafkaClient, Figures[]>(loaded.map(([c]) => [c, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      // Each round in another order, so that no client always runs on a broker warmed by another.
      const order = loaded.map((_, i) => loaded[(i + round) % loaded.length]);
      for (const [client, bus] of order) {
        const figures = await measure(
          bus,
          `${env.prefix}${client}.${round}.`,
          records,
          partitions,
          batch,
          broker,
        );
        results.get(client)!.push(figures);
        process.stdout.write(
          `round ${round + 1} ${client}: produce ${fmt(figures.produce.perSecond)}/s, consume ${fmt(figures.consume.perSecond)}/s, pipeline ${fmt(figures.pipeline.perSecond)}/s (load ${loadavg()[0].toFixed(1)})\n`,
        );
      }
    }
    const summary = Object.fromEntries(
      [...results].map(([client, figures]) => [
        client,
        {
          produce: medianPhase(figures.map((f) => f.produce)),
          consume: medianPhase(figures.map((f) => f.consume)),
          pipeline: medianPhase(figures.map((f) => f.pipeline)),
        },
      ]),
    ) as Record<KafkaClient, Figures>;
    const base = summary.kafkajs;
    process.stdout.write(
      `\nmedian of ${rounds} rounds, ${fmt(recordCount)} records of ${fmt(bytes)} B; x = rate / kafkajs's in this run; CPU in cores (client = this process)\n`,
    );
    const row = (client: string, phase: keyof Figures) => {
      const p = summary[client as KafkaClient][phase];
      return [
        `${client} ${phase}`,
        fmt(p.perSecond),
        base ? (p.perSecond / base[phase].perSecond).toFixed(2) + 'x' : '-',
        p.clientCores.toFixed(2),
        p.brokerCores.toFixed(2),
      ];
    };
    printTable(
      ['client phase', 'records/s', 'vs kafkajs', 'client CPU', 'broker CPU'],
      (['produce', 'consume', 'pipeline'] as const).flatMap((phase) =>
        [...results.keys()].map((client) => row(client, phase)),
      ),
    );
    process.stdout.write(
      '\n' +
        JSON.stringify({
          bench: 'clients',
          loadAverage: loadavg(),
          records: recordCount,
          bytesPerRecord: Math.round(bytes),
          partitions,
          rounds,
          batch,
          notLoaded: missing,
          summary,
          perRound: Object.fromEntries(results),
        }) +
        '\n',
    );
  } finally {
    if (loaded.length) await deleteTopics(loaded[0][1], env.prefix).catch(() => undefined);
    for (const [, bus] of loaded) await bus.close();
  }
}
