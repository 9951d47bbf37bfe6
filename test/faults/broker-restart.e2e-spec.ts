import { expectExactlyOnce, expectProjections } from '../support/fault-checks';
import { referenceRun } from '../support/fault-reference';
import { ownBroker, type OwnBroker } from '../support/fault-services';
import { FaultStack, PIPELINE } from '../support/fault-stack';
import { sendPaced, wireStream } from '../support/fault-stream';
import { eventually } from '../support/kafka-test-env';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The broker (one of this test's own, not the shared one) restarted while the stages work through
 * a stream: every app reconnects and carries on, nothing is lost or written twice, and the read
 * model equals that of an undisturbed run.
 */
describe('broker restart mid-stream', () => {
  let broker: OwnBroker;
  let stack: FaultStack;

  beforeAll(async () => {
    broker = await ownBroker();
    await broker.start();
    stack = await FaultStack.open('broker', { brokers: broker.brokers, databaseUrl: DATABASE_URL });
    stack.start(...PIPELINE);
  }, 150000);

  afterAll(async () => {
    await stack?.close();
    await broker?.remove();
  }, 60000);

  it('recovers every stage after a broker restart with an exact log and equal projections', async () => {
    const input = wireStream(stack.topics.raw, { first: 1, count: 160 });
    const [early, late] = [input.slice(0, 120), input.slice(120)];
    const producer = await stack.bus.producer();
    await sendPaced((m) => producer.send(m), early, { chunk: 20, pauseMs: 50 });
    await producer.close();
    // Restart while the stages are still working through the first part.
    await eventually(
      async () => ((await stack.store.digest()).perArticle.size >= 10 ? true : undefined),
      60000,
      200,
    );
    const atRestart = (await stack.store.digest()).perArticle.size;
    await broker.restart();
    expect(atRestart).toBeLessThan(160);
    const after = await stack.bus.producer();
    await sendPaced((m) => after.send(m), late);
    await after.close();

    const reference = referenceRun(input);
    await expectProjections(stack.store, reference, stack.logs, 120000);
    await expectExactlyOnce(stack.bus, stack.topics, reference);
    for (const name of PIPELINE) stack.assertRunning(name);
  }, 240000);
});
