import { openReadModelStore } from '@newswire/storage';
import { expectExactlyOnce, expectProjections } from '../support/fault-checks';
import { referenceRun } from '../support/fault-reference';
import { ownPostgres, type OwnPostgres } from '../support/fault-services';
import { FaultStack } from '../support/fault-stack';
import { sendPaced, wireStream } from '../support/fault-stream';
import { freePort } from '../support/free-port';
import { brokers, eventually } from '../support/kafka-test-env';

const OUTAGE_MS = 30000;

type Health = {
  status: string | number;
  details?: { postgresql?: { status: string }; kafka?: { status: string } };
};

/**
 * PostgreSQL (a cluster of this test's own) stopped for 30 s mid-stream: the projector keeps
 * running and retrying, the API's /health and the projector's own (on its METRICS_PORT) report
 * PostgreSQL down meanwhile, and once the database is back the read model catches up to exactly
 * what an undisturbed run gives.
 */
describe('PostgreSQL outage mid-stream', () => {
  let pg: OwnPostgres;
  let stack: FaultStack;
  let api: string;
  let projector: string;

  beforeAll(async () => {
    pg = await ownPostgres();
    await pg.start();
    const port = await freePort();
    stack = await FaultStack.open('pgdown', {
      brokers: brokers().join(','),
      databaseUrl: pg.url('newswire'),
      extra: { HTTP_PORT: String(port) },
    });
    api = `http://127.0.0.1:${port}`;
    const metricsPort = await freePort();
    projector = `http://127.0.0.1:${metricsPort}`;
    stack.start('normalizer', 'curator', 'api');
    stack.startWith('projector', { METRICS_PORT: String(metricsPort) });
    for (const app of [api, projector])
      await eventually(async () => (await fetch(`${app}/health`)).ok || undefined, 60000, 500, stack.logs);
  }, 90000);

  afterAll(async () => {
    await stack?.close();
    await pg?.remove();
  });

  const health = async (app = api): Promise<Health & { code: number }> => {
    const res = await fetch(`${app}/health`);
    return { ...((await res.json()) as Health), code: res.status };
  };

  it('keeps the projector retrying through a 30 s outage, reports it in /health, then catches up', async () => {
    const input = wireStream(stack.topics.raw, { first: 1, count: 160 });
    const producer = await stack.bus.producer();
    const [early, late] = [input.slice(0, 100), input.slice(100)];
    await sendPaced((m) => producer.send(m), early);
    await eventually(
      async () => ((await stack.store.digest()).perArticle.size >= 20 ? true : undefined),
      60000,
      250,
      stack.logs,
    );
    // The test's own handle would lose its connections too: close it across the outage.
    await stack.store.close();
    await pg.stop();
    const downSince = Date.now();
    await sendPaced((m) => producer.send(m), late);
    const reported = await eventually(
      async () => {
        const h = await health();
        return h.details?.postgresql?.status === 'down' ? h : undefined;
      },
      15000,
      500,
      stack.logs,
    );
    // The api's 503 is problem+json, its `status` the HTTP code; the projector's says 'error'.
    expect(reported.status).toBe(503);
    expect(reported.code).toBe(503);
    const own = await health(projector);
    expect(own).toMatchObject({ code: 503, status: 'error', details: { postgresql: { status: 'down' } } });
    expect(own.details?.kafka?.status).toBe('up');
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - downSince))));
    stack.assertRunning('projector');
    await pg.start();

    const store = await openReadModelStore({
      databaseUrl: stack.env.DATABASE_URL,
      schema: stack.env.DB_SCHEMA,
    });
    try {
      const reference = referenceRun(input);
      await expectProjections(store, reference, stack.logs, 120000);
      await expectExactlyOnce(stack.bus, stack.topics, reference);
      expect((await health()).details?.postgresql?.status).toBe('up');
      expect(await health(projector)).toMatchObject({ code: 200, status: 'ok' });
      stack.assertRunning('projector');
    } finally {
      await store.close();
    }
    await producer.close();
  }, 240000);
});
