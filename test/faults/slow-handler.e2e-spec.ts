import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADERS } from '@newswire/contracts';
import type { InMessage, RunningConsumer } from '@newswire/kafka';
import { appLogs, spawnBuilt, type AppProcess } from '../support/app-process';
import { expectExactlyOnce, expectProjections, readDlq } from '../support/fault-checks';
import { referenceRun } from '../support/fault-reference';
import { FaultStack } from '../support/fault-stack';
import { sendPaced, wireStream } from '../support/fault-stream';
import { brokers, eventually, readAll, testBus, uniquePrefix } from '../support/kafka-test-env';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SESSION_TIMEOUT_MS = 6000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The curator, single writer of article.events.v1, run as two instances of its group: the one that
 * holds the input partition stalls mid-stream for longer than the session timeout, after deciding a
 * story's events and before committing them (test/support/stalling-curator.ts). The other takes
 * the partition over, fences the stalled one's producers and writes those events itself; only then
 * is the stalled handler let go, and its late transaction must be refused. Afterwards every story
 * crossed every stage once, the event log is exact and gapless, and the read model equals that of
 * an undisturbed run of the same input.
 */
describe('a curator handler slower than the session timeout mid-stream', () => {
  const STALLED = 'trace-60-v1';
  const dir = mkdtempSync(join(tmpdir(), 'newswire-stall-'));
  const stallFile = join(dir, 'stalled');
  const curators: AppProcess[] = [];
  let stack: FaultStack;
  const logs = () => `${stack.logs()}\n${appLogs(curators)}`;

  beforeAll(async () => {
    stack = await FaultStack.open('stall', { brokers: brokers().join(','), databaseUrl: DATABASE_URL });
    stack.start('normalizer', 'projector');
    for (const name of ['curator-a', 'curator-b'])
      curators.push(
        spawnBuilt(name, 'test/support/stalling-curator.js', {
          ...stack.env,
          SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
          CURATOR_STALL_TRACE: STALLED,
          CURATOR_STALL_FILE: stallFile,
        }),
      );
    // Both in the group before the stream starts, so that the partition moves only for the stall.
    await eventually(
      () => curators.every((c) => c.logs().includes('stage consuming')) || undefined,
      60000,
      250,
      logs,
    );
  }, 90000);

  afterAll(async () => {
    writeFileSync(`${stallFile}.release`, '');
    await Promise.all(curators.map((c) => c.stop()));
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fences the stalled instance's late transaction: no duplicate or gap in the log, projections as undisturbed", async () => {
    const input = wireStream(stack.topics.raw, { first: 1, count: 120 });
    const reference = referenceRun(input);
    expect(reference.events.some((e) => e.traceId === STALLED)).toBe(true);
    const producer = await stack.bus.producer();
    let streamed = false;
    const sending = sendPaced((m) => producer.send(m), input, { chunk: 5, pauseMs: 300 }).then(() => {
      streamed = true;
    });

    const stalled = await eventually(
      () => curators.find((c) => c.logs().includes('curator handler stalled')),
      60000,
      100,
      logs,
    );
    expect(streamed).toBe(false);
    // The stalled story's events, committed by the instance that took the partition over while the
    // stalled one still holds its own copy of them, uncommitted.
    await eventually(
      async () =>
        (await readAll(stack.bus, stack.topics.events)).some((m) => m.headers[HEADERS.traceId] === STALLED) ||
        undefined,
      60000,
      250,
      logs,
    );
    expect(stalled.logs()).not.toContain('curator handler released');
    writeFileSync(`${stallFile}.release`, '');
    // Its late transaction refused: aborted after the handler let go.
    await eventually(
      () => {
        const l = stalled.logs();
        const released = l.indexOf('curator handler released');
        return (released >= 0 && l.includes('transaction aborted', released)) || undefined;
      },
      30000,
      100,
      logs,
    );
    await sending;
    await producer.close();

    await expectProjections(stack.store, reference, logs);
    await expectExactlyOnce(stack.bus, stack.topics, reference);
    expect(await readDlq(stack.bus, stack.topics)).toHaveLength(0);
    for (const c of curators) expect(c.child.exitCode ?? c.child.signalCode).toBeNull();
    for (const name of ['normalizer', 'projector']) stack.assertRunning(name);
  }, 120000);
});

/**
 * libs/kafka's transactional pipeline on a three-partition topic when a handler outlives the session
 * timeout: its member is evicted, the other member of the group takes its partitions over and fences
 * the slow one's producer, and under read_committed every input has exactly one output.
 */
describe('a pipeline handler slower than the session timeout on several partitions', () => {
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
