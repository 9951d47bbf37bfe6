import type { Producer } from '@newswire/kafka';
import type { OutMessage } from '@newswire/kafka';
import { expectExactlyOnce, expectProjections } from '../support/fault-checks';
import { referenceRun } from '../support/fault-reference';
import { FaultStack, PIPELINE } from '../support/fault-stack';
import { sendPaced, wireStream } from '../support/fault-stream';
import { brokers } from '../support/kafka-test-env';

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

  afterAll(async () => {
    await stack.close();
  });

  it.each(PIPELINE.map((name, round) => [name, round] as const))(
    'loses and duplicates nothing when the %s is killed and restarted mid-stream',
    async (name, round) => {
      const batch = wireStream(stack.topics.raw, { first: round * 100 + 1, count: 60 });
      sent.push(...batch);
      const sending = sendPaced((m) => producer.send(m), batch, { chunk: 5, pauseMs: 120 });
      await sleep(700);
      await stack.kill(name);
      await sleep(1000);
      stack.start(name);
      await sending;
      const reference = referenceRun(sent);
      await expectProjections(stack.store, reference, stack.logs);
      await expectExactlyOnce(stack.bus, stack.topics, reference);
      expect(stack.app(name).child.exitCode).toBeNull();
    },
    120000,
  );
});
