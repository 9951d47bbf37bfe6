import type { InMessage, RunningConsumer } from '@newswire/kafka';
import { eventually, readAll, testBus, uniquePrefix } from '../support/kafka-test-env';

const SESSION_TIMEOUT_MS = 6000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * libs/kafka's transactional pipeline when a handler outlives the session timeout: its member is
 * evicted, the other member of the group takes the partition over and fences the slow one's
 * producer, and under read_committed every input has exactly one output.
 */
describe('a handler slower than the session timeout', () => {
  const buses = ['slow-a', 'slow-b', 'slow-test'].map((clientId) => testBus(clientId));
  const running: RunningConsumer[] = [];

  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
    await Promise.all(buses.map((b) => b.close()));
  });

  it('writes every output once when the slow member is evicted and the other takes over', async () => {
    const prefix = uniquePrefix('slow');
    const [input, output, dlq] = ['in', 'out', 'dlq'].map((n) => `${prefix}${n}`);
    const admin = await buses[2].admin();
    await admin.ensureTopics([input, output, dlq].map((name) => ({ name, partitions: 3, config: {} })));
    await admin.close();

    const SLOW = 'msg-60';
    const handled = new Map<string, number>();
    const handler = async (m: InMessage) => {
      const value = m.value!.toString();
      handled.set(value, (handled.get(value) ?? 0) + 1);
      // Only the first attempt is slow, so that the member taking over can finish the work.
      if (value === SLOW && handled.get(value) === 1) await sleep(SESSION_TIMEOUT_MS + 4000);
      return [{ topic: output, key: m.key, value: m.value }];
    };
    for (const bus of buses.slice(0, 2)) {
      running.push(
        await bus.runPipeline({
          stage: 'slow',
          groupId: `${prefix}g`,
          topics: [input],
          dlqTopic: dlq,
          handler,
          maxBatch: 10,
          sessionTimeoutMs: SESSION_TIMEOUT_MS,
        }),
      );
    }
    await Promise.all(running.map((r) => r.joined()));

    const values = Array.from({ length: 150 }, (_, i) => `msg-${i}`);
    const producer = await buses[2].producer();
    for (let i = 0; i < values.length; i += 10) {
      await producer.send(values.slice(i, i + 10).map((v) => ({ topic: input, key: v, value: v })));
      await sleep(50);
    }
    await producer.close();

    const outputs = await eventually(
      async () => {
        const all = (await readAll(buses[2], output)).map((m) => m.value!.toString());
        return all.length >= values.length && (handled.get(SLOW) ?? 0) >= 2 ? all : undefined;
      },
      90000,
      1000,
    );
    // Give a wrongly committed second copy the time to show up before judging.
    await sleep(SESSION_TIMEOUT_MS);
    const final = (await readAll(buses[2], output)).map((m) => m.value!.toString());
    expect(outputs.length).toBe(values.length);
    expect([...final].sort()).toEqual([...values].sort());
    expect(handled.get(SLOW)).toBeGreaterThanOrEqual(2);
    expect(await readAll(buses[2], dlq)).toHaveLength(0);
  }, 150000);
});
