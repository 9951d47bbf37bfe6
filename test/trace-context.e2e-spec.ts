import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADERS, type TopicNames } from '@newswire/contracts';
import type { MessageBus } from '@newswire/kafka';
import { appEnv, appLogs, spawnBuilt, type AppProcess } from './support/app-process';
import { runCli } from './support/cli-process';
import { dropSchemas } from './support/database';
import { freePort } from './support/free-port';
import { createTopics, eventually, readAll, testBus, uniquePrefix } from './support/kafka-test-env';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE}-b7ad6b7169203331-01`;

/**
 * W3C trace context end to end: a story published with a traceparent keeps its trace id on every
 * message the stages write (as traceparent, and as trace-id for older readers), in the event's
 * traceId, in the logs and on its projection, and each stage's span (the projector's too) reaches
 * the configured OTLP endpoint under it; the api answers with a traceparent continuing the caller's.
 */
describe('trace context from publish to the projection', () => {
  let bus: MessageBus;
  let topics: TopicNames;
  let env: Record<string, string>;
  const apps: AppProcess[] = [];
  const exported: string[] = [];
  let collector: Server;

  beforeAll(async () => {
    bus = testBus();
    const prefix = uniquePrefix('trace');
    topics = await createTopics(bus, prefix);
    // An OTLP/HTTP collector: it keeps what is posted to /v1/traces.
    const port = await freePort();
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        if (req.url === '/v1/traces') exported.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    }).listen(port, '127.0.0.1');
    env = appEnv(prefix, {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      DB_SCHEMA: `e2e_${prefix.replace(/[^a-z0-9]/g, '_')}`.slice(0, 60),
    });
    for (const name of ['normalizer', 'curator', 'projector'])
      apps.push(spawnBuilt(name, join('apps', name, 'src', 'main.js'), env, { logLevel: 'debug' }));
  }, 60000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    collector.close();
    await bus.close();
    await dropSchemas(env.DATABASE_URL, env.DB_SCHEMA);
  });

  it('carries the trace id of `publish --traceparent` to every stage, its logs, its spans and the projection', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'newswire-trace-')), 'story.txt');
    writeFileSync(
      file,
      'Harbour reopens after storm\n\nThe harbour reopened on Monday, the port authority said.\n',
    );
    const published = await runCli(
      ['publish', file, '--source', 'feed-t', '--traceparent', TRACEPARENT],
      env,
    );
    expect(published.code).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ traceId: TRACE });
    const wrong = await runCli(['publish', file, '--traceparent', 'not-a-traceparent'], env);
    expect(wrong.code).toBe(2);

    const projections = await eventually(
      async () => {
        const p = await readAll(bus, topics.projections);
        return p.length > 0 ? p : undefined;
      },
      60000,
      500,
      () => appLogs(apps),
    );
    const events = await readAll(bus, topics.events);
    const [raw] = await readAll(bus, topics.raw);
    const [enriched] = await readAll(bus, topics.enriched);
    for (const m of [raw, enriched, ...events, ...projections]) {
      expect({ topic: m.topic, trace: m.headers.traceparent?.split('-')[1] }).toEqual({
        topic: m.topic,
        trace: TRACE,
      });
    }
    for (const m of [raw, enriched, ...events]) {
      expect(m.headers[HEADERS.traceId]).toBe(TRACE);
    }
    // Each hop a span of its own: four different parents.
    expect(new Set([raw, enriched, events[0], projections[0]].map((m) => m.headers.traceparent)).size).toBe(
      4,
    );
    expect((JSON.parse(events[0].value!.toString()) as { traceId: string }).traceId).toBe(TRACE);
    expect(apps[0].logs()).toContain(`"traceId":"${TRACE}"`);

    await eventually(
      () => {
        const spans = exported.join('\n');
        return ['normalizer', 'curator', 'projector'].every((s) => spans.includes(`"stringValue":"${s}"`)) &&
          spans.includes(TRACE)
          ? true
          : undefined;
      },
      30000,
      500,
      () => `exported: ${exported.join('\n').slice(0, 2000)}`,
    );
  }, 120000);

  it("answers HTTP requests with a traceparent that continues the caller's trace", async () => {
    const port = await freePort();
    const api = spawnBuilt('api', join('apps', 'api', 'src', 'main.js'), {
      ...env,
      HTTP_PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    });
    apps.push(api);
    const answer = await eventually(
      () => fetch(`http://127.0.0.1:${port}/health/live`, { headers: { traceparent: TRACEPARENT } }),
      60000,
      500,
      () => api.logs(),
    );
    const [, trace, span] = answer.headers.get('traceparent')!.split('-');
    expect({ trace, newSpan: span !== 'b7ad6b7169203331' }).toEqual({ trace: TRACE, newSpan: true });
    // Without one, a trace of its own.
    const fresh = (await fetch(`http://127.0.0.1:${port}/health/live`)).headers.get('traceparent');
    expect(fresh).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(fresh!.split('-')[1]).not.toBe(TRACE);
  }, 90000);
});
