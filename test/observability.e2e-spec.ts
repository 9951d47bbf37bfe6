import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADERS, type TopicNames } from '@newswire/contracts';
import type { InMessage, MessageBus, OutMessage } from '@newswire/kafka';
import { appEnv, appLogs, pinoLines, spawnBuilt, type AppProcess } from './support/app-process';
import { dropSchemas } from './support/database';
import { freePort } from './support/free-port';
import { createTopics, eventually, readAll, testBus, uniquePrefix } from './support/kafka-test-env';
import { parseMetrics, samplesOf, sampleValue, type MetricSample } from './support/prometheus-text';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const FIXTURES = join(__dirname, '..', 'fixtures');
const SEED_HEADLINE = 'Heads of Iran-allied militant groups meet in Tehran';
const NOT_JSON = '{"schemaVersion": 1, "story": ';

type TopicRole = 'raw' | 'enriched' | 'events' | 'projections';
interface Stage {
  name: 'normalizer' | 'curator' | 'projector';
  input: TopicRole;
  output: TopicRole;
  /** The poison sent to the stage's input and the code it must be dead-lettered with. */
  poison: { value: Buffer | string; code: string };
  /** The debug line that carries a story's traceId (and from the curator on, its articleId). */
  traceLine: string;
}

const STAGES: Stage[] = [
  {
    name: 'normalizer',
    input: 'raw',
    output: 'enriched',
    poison: { value: Buffer.alloc(0), code: 'EMPTY_BODY' },
    traceLine: 'message processed',
  },
  {
    name: 'curator',
    input: 'enriched',
    output: 'events',
    poison: { value: NOT_JSON, code: 'MALFORMED' },
    traceLine: 'story curated',
  },
  {
    name: 'projector',
    input: 'events',
    output: 'projections',
    poison: { value: NOT_JSON, code: 'MALFORMED' },
    traceLine: 'projection updated',
  },
];

/** One story a raw partition, so that every partition of wire.raw.v1 has a lag to report. */
const STORIES = [
  { file: join(FIXTURES, 'seed', 'seed-story.txt'), source: 'feed-a', partition: 0 },
  { file: join(FIXTURES, 'samples', 'iran-drones.ninjs.json'), source: 'feed-b', partition: 1 },
  { file: join(FIXTURES, 'samples', 'araghchi-damascus.agency.txt'), source: 'feed-c', partition: 2 },
].map((s) => ({ ...s, traceId: `obs-${randomUUID()}` }));

interface Worker {
  stage: Stage;
  app: AppProcess;
  url: string;
  output: string[];
}

const isPoison = (m: InMessage) => m.headers[HEADERS.traceId]?.startsWith('poison-') ?? false;

type LogLine = { service?: string; msg?: string; traceId?: string; articleId?: string; code?: string };

/** The pino JSON lines an app has written so far. */
function logLines(w: Worker): LogLine[] {
  return pinoLines<LogLine>(w.output.join(''));
}

/**
 * The pipeline's workers as processes, on the real broker and PostgreSQL, each with METRICS_PORT
 * and LOG_LEVEL=debug: three stories and a poison at each stage go through, and then each worker's
 * /metrics must count exactly what the topics hold, and each story's traceId must be found in the
 * normalizer's, curator's and projector's logs, with its articleId from the curator on.
 */
describe('observability: every worker counts its stage on /metrics and logs one traceId per story', () => {
  let bus: MessageBus;
  let topics: TopicNames;
  let schema: string;
  const workers: Worker[] = [];
  const logs = () => appLogs(workers.map((w) => w.app));
  const scrape = async (w: Worker): Promise<MetricSample[]> =>
    parseMetrics(await (await fetch(`${w.url}/metrics`)).text());
  const consumed = (samples: MetricSample[], w: Worker) =>
    sampleValue(samples, 'newswire_messages_consumed_total', {
      stage: w.stage.name,
      topic: topics[w.stage.input],
    });

  beforeAll(async () => {
    bus = testBus();
    const prefix = uniquePrefix('observability');
    topics = await createTopics(bus, prefix);
    schema = `e2e_${prefix.replace(/[^a-z0-9]/g, '_')}`.slice(0, 60);
    const env = appEnv(prefix, { DATABASE_URL, DB_SCHEMA: schema });
    for (const stage of STAGES) {
      const port = await freePort();
      const output: string[] = [];
      const app = spawnBuilt(
        stage.name,
        join('apps', stage.name, 'src', 'main.js'),
        { ...env, METRICS_PORT: String(port) },
        { logLevel: 'debug', onOutput: (text) => output.push(text) },
      );
      workers.push({ stage, app, url: `http://127.0.0.1:${port}`, output });
    }
    await eventually(
      async () => {
        for (const w of workers) if (!(await fetch(`${w.url}/health`)).ok) return undefined;
        return true;
      },
      60000,
      500,
      logs,
    );

    const stories: OutMessage[] = STORIES.map((s) => ({
      topic: topics.raw,
      key: s.source,
      partition: s.partition,
      value: readFileSync(s.file),
      headers: {
        [HEADERS.wireSource]: s.source,
        [HEADERS.receivedAt]: new Date().toISOString(),
        [HEADERS.traceId]: s.traceId,
      },
    }));
    const poisons: OutMessage[] = STAGES.map((s) => ({
      topic: topics[s.input],
      key: `poison-${s.name}`,
      partition: 0,
      value: s.poison.value,
      headers: { [HEADERS.traceId]: `poison-${s.name}` },
    }));
    const producer = await bus.producer();
    await producer.send([...stories, ...poisons]);
    await producer.close();

    // Drained: each stage has counted as consumed every message its input holds, the upstream
    // stage's first (a counter moves only after its batch has committed, so the topic read after
    // it is complete).
    let counts = '';
    await eventually(
      async () => {
        const state = await Promise.all(
          workers.map(async (w) => ({
            name: w.stage.name,
            consumed: consumed(await scrape(w), w),
            inputs: (await readAll(bus, topics[w.stage.input])).length,
          })),
        );
        counts = state.map((s) => `${s.name} consumed ${s.consumed ?? 'none'} of ${s.inputs}`).join(', ');
        return state.every((s) => s.consumed === s.inputs) || undefined;
      },
      90000,
      500,
      () => `${counts}\n${logs()}`,
    );
  }, 180000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.app.stop()));
    await bus.close();
    await dropSchemas(DATABASE_URL, schema);
  });

  it('counts consumed, produced and dead-lettered messages, per-partition lag and batch times on each /metrics', async () => {
    const dlq = await readAll(bus, topics.dlq);
    expect(dlq).toHaveLength(STAGES.length);
    for (const w of workers) {
      const { name, input, output, poison } = w.stage;
      const samples = await scrape(w);
      const inputs = await readAll(bus, topics[input]);
      // What the stage wrote: its output topic without the next stage's poison.
      const produced = (await readAll(bus, topics[output])).filter((m) => !isPoison(m));

      expect({ name, consumed: consumed(samples, w) }).toEqual({ name, consumed: inputs.length });
      expect(inputs.length).toBeGreaterThanOrEqual(STORIES.length + 1);
      expect({
        name,
        produced: sampleValue(samples, 'newswire_messages_produced_total', {
          stage: name,
          topic: topics[output],
        }),
      }).toEqual({ name, produced: produced.length });
      expect(produced.length).toBeGreaterThan(0);

      // Its poison, and nothing else, dead-lettered under the code the DLQ record carries.
      const record = dlq.find((m) => m.headers[HEADERS.dlq.stage] === name)!;
      expect(record.headers[HEADERS.dlq.code]).toBe(poison.code);
      const dead = samplesOf(samples, 'newswire_messages_dead_lettered_total', { stage: name });
      expect(dead.map((s) => [s.labels.code, s.value])).toEqual([[poison.code, 1]]);

      // A lag for every input partition that holds messages, 0 now that the stage has drained.
      const lag = samplesOf(samples, 'newswire_consumer_lag', { stage: name });
      const partitions = [...new Set(inputs.map((m) => String(m.partition)))].sort();
      expect(lag.map((s) => s.labels.partition).sort()).toEqual(partitions);
      for (const s of lag) {
        expect(s.labels.topic).toBe(topics[input]);
        const state = s.value === 0 ? 'drained' : `lag ${s.value}`;
        expect([name, s.labels.partition, state]).toEqual([name, s.labels.partition, 'drained']);
      }

      const count = sampleValue(samples, 'newswire_batch_processing_seconds_count', { stage: name })!;
      expect(count).toBeGreaterThan(0);
      expect(
        sampleValue(samples, 'newswire_batch_processing_seconds_bucket', { stage: name, le: '+Inf' }),
      ).toBe(count);
      expect(sampleValue(samples, 'newswire_batch_processing_seconds_sum', { stage: name })).toBeGreaterThan(
        0,
      );
      // Every series carries the service it comes from.
      expect(
        new Set(samplesOf(samples, 'newswire_messages_consumed_total').map((s) => s.labels.service)),
      ).toEqual(new Set([name]));
    }
  }, 60000);

  it("follows each story's traceId from the raw wire to its projection in the debug logs", async () => {
    const projections = new Map(
      (await readAll(bus, topics.projections)).map((m) => [
        m.key!.toString(),
        JSON.parse(m.value!.toString('utf8')) as { headline: string },
      ]),
    );
    const [normalizer, curator, projector] = workers;
    // The apps' output reaches this process through pipes: wait for the last stage's lines.
    await eventually(
      () => STORIES.every((s) => logLines(projector).some((l) => l.traceId === s.traceId)) || undefined,
      10000,
      200,
      logs,
    );
    const articleIds = new Map<string, string>();
    for (const story of STORIES) {
      const traced = (w: Worker) =>
        logLines(w).filter((l) => l.traceId === story.traceId && l.msg === w.stage.traceLine);
      // A batch delivered again (after an aborted transaction) logs its stories again: one or more lines.
      expect(new Set(traced(normalizer).map((l) => l.service))).toEqual(new Set(['normalizer']));
      const curated = new Set(traced(curator).map((l) => l.articleId));
      expect(curated.size).toBe(1);
      const [articleId] = curated as Set<string>;
      expect(articleId).toMatch(/^art_/);
      const projected = traced(projector);
      expect(projected.length).toBeGreaterThan(0);
      expect(projected.map((l) => l.articleId)).toEqual(projected.map(() => articleId));
      expect(projections.has(articleId)).toBe(true);
      articleIds.set(story.traceId, articleId);
    }
    expect(new Set(articleIds.values()).size).toBe(STORIES.length);
    expect(projections.get(articleIds.get(STORIES[0].traceId)!)?.headline).toBe(SEED_HEADLINE);

    // A poison's trace ends at the stage that dead-lettered it, with its code.
    for (const w of workers) {
      const dead = logLines(w).filter((l) => l.traceId === `poison-${w.stage.name}`);
      expect(dead.map((l) => [l.msg, l.code])).toContainEqual(['message dead-lettered', w.stage.poison.code]);
    }
  }, 30000);

  it('stops a worker whose METRICS_PORT is taken, saying why, rather than let it run unobserved', async () => {
    const taken = new URL(workers[0].url).port;
    // Its own topics and group: the running stages are not disturbed.
    const other = uniquePrefix('metrics-port');
    const clash = spawnBuilt('normalizer', join('apps', 'normalizer', 'src', 'main.js'), {
      ...appEnv(other),
      METRICS_PORT: taken,
    });
    const code = await new Promise<number | null>((resolve) => clash.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(clash.logs()).toContain(`/metrics cannot listen on 127.0.0.1:${taken}`);
    expect((await fetch(`${workers[0].url}/health`)).ok).toBe(true);
  }, 60000);
});
