import type { OutMessage, Producer } from '@newswire/kafka';
import { expectExactlyOnce, expectProjections } from '../support/fault-checks';
import { referenceRun } from '../support/fault-reference';
import { FaultStack, PIPELINE } from '../support/fault-stack';
import { sendPaced, wireStream } from '../support/fault-stream';
import { brokers, eventually, readAll } from '../support/kafka-test-env';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Each app SIGKILLed in turn while a stream flows through it, then started again: afterwards every
 * story crossed every stage once, the event log is exact and gapless, and the read model equals
 * that of an undisturbed run of the same input.
 */
describe('SIGKILL of each app mid-stream', () => {
  let stack: FaultStack;
  let producer: Producer;
  const sent: OutMessage[] = [];

  beforeAll(async () => {
    stack = await FaultStack.open('kill', { brokers: brokers().join(','), databaseUrl: DATABASE_URL });
    stack.start(...PIPELINE);
    producer = await stack.bus.producer();
  }, 60000);

  /** What the app has committed so far: messages on its output topic, or articles in the read model. */
  const progress = async (name: string): Promise<number> => {
    const output = {
      normalizer: stack.topics.enriched,
      curator: stack.topics.events,
    }[name];
    return output ? (await readAll(stack.bus, output)).length : (await stack.store.digest()).perArticle.size;
  };

  afterAll(async () => {
    await stack.close();
  });

  it.each(PIPELINE.map((name, round) => [name, round] as const))(
    'loses and duplicates nothing when the %s is killed and restarted mid-stream',
    async (name, round) => {
      const batch = wireStream(stack.topics.raw, { first: round * 100 + 1, count: 90 });
      sent.push(...batch);
      const before = await progress(name);
      let streamed = false;
      const sending = sendPaced((m) => producer.send(m), batch, { chunk: 5, pauseMs: 300 }).then(() => {
        streamed = true;
      });
      // Kill once the app has committed part of this round, while the stream still flows.
      await eventually(async () => ((await progress(name)) >= before + 10 ? true : undefined), 30000, 100);
      const midStream = !streamed;
      await stack.kill(name);
      expect(midStream).toBe(true);
      await sleep(1000);
      stack.start(name);
      await sending;
      const reference = referenceRun(sent);
      await expectProjections(stack.store, reference, stack.logs);
      await expectExactlyOnce(stack.bus, stack.topics, reference);
      stack.assertRunning(name);
    },
    120000,
  );
});
