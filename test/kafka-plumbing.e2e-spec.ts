import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { HEADERS, StageError } from '@newswire/contracts';
import type { MessageBus, RunningConsumer } from '@newswire/kafka';
import { createTopics, eventually, readAll, testBus, uniquePrefix } from './support/kafka-test-env';

const ROOT = join(__dirname, '..');

describe('Kafka plumbing on the real broker', () => {
  let bus: MessageBus;
  const running: RunningConsumer[] = [];

  beforeAll(() => {
    bus = testBus();
  });
  afterAll(async () => {
    for (const r of running) await r.stop();
    await bus.close();
  });

  it('consumes in a group, produces transactionally, and dead-letters a poison message with its original bytes', async () => {
    const t = await createTopics(bus, uniquePrefix('plumbing'));
    const producer = await bus.producer();
    const inputs = Array.from({ length: 20 }, (_, i) => ({
      topic: t.raw,
      key: `k${i}`,
      value: i === 7 ? Buffer.from([0xff, 0x00, 0x13]) : `story ${i}`,
      headers: { [HEADERS.traceId]: `trace-${i}` },
    }));
    await producer.send(inputs);
    const groupId = `${t.raw}.group`;
    running.push(
      await bus.runPipeline({
        stage: 'plumbing',
        groupId,
        topics: [t.raw],
        dlqTopic: t.dlq,
        handler: (m) => {
          const text = m.value!.toString('utf8');
          if (!text.startsWith('story')) throw new StageError('BAD_ENCODING', 'not a story');
          return [{ topic: t.enriched, key: m.key, value: text.toUpperCase(), headers: m.headers }];
        },
      }),
    );
    const out = await eventually(async () => {
      const msgs = await readAll(bus, t.enriched);
      return msgs.length >= 19 ? msgs : undefined;
    });
    expect(out.map((m) => m.value!.toString()).sort()).toEqual(
      inputs
        .filter((_, i) => i !== 7)
        .map((m) => String(m.value).toUpperCase())
        .sort(),
    );
    const dlq = await eventually(async () => {
      const msgs = await readAll(bus, t.dlq);
      return msgs.length === 1 ? msgs : undefined;
    });
    expect(Buffer.compare(dlq[0].value!, Buffer.from([0xff, 0x00, 0x13]))).toBe(0);
    expect(dlq[0].headers).toMatchObject({
      [HEADERS.dlq.code]: 'BAD_ENCODING',
      [HEADERS.dlq.message]: 'not a story',
      [HEADERS.dlq.stage]: 'plumbing',
      [HEADERS.dlq.topic]: t.raw,
      [HEADERS.traceId]: 'trace-7',
    });
    // The consumed offsets were committed with the outputs: the group is at the end of its input.
    const admin = await bus.admin();
    const committed = await eventually(async () => {
      const offs = await admin.groupOffsets(groupId, t.raw);
      const ends = await admin.topicOffsets(t.raw);
      const total = offs.reduce((n, o) => n + Math.max(0, Number(o.offset)), 0);
      return total === ends.reduce((n, e) => n + Number(e.high), 0) ? total : undefined;
    });
    expect(committed).toBe(20);
    await admin.close();
  });

  it('leaves no visible output when a consumer dies before its transaction commits, and delivers once after restart', async () => {
    const t = await createTopics(bus, uniquePrefix('crash'), 1);
    const producer = await bus.producer();
    await producer.send(
      Array.from({ length: 10 }, (_, i) => ({ topic: t.raw, key: `k${i}`, value: `v${i}` })),
    );
    const groupId = `${t.raw}.group`;
    const child = spawn(
      process.execPath,
      [join(ROOT, 'dist/test/support/crash-before-commit.js'), t.raw, t.enriched, t.dlq, groupId],
      { env: process.env, stdio: 'ignore' },
    );
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, sig) => resolve(sig)),
    );
    expect(signal).toBe('SIGKILL');
    // Read committed: the crashed transaction's outputs are not visible.
    expect(await readAll(bus, t.enriched)).toHaveLength(0);

    // A new instance with the same group and transactional id fences the dead one and redoes the work.
    running.push(
      await bus.runPipeline({
        stage: 'restarted',
        groupId,
        topics: [t.raw],
        dlqTopic: t.dlq,
        sessionTimeoutMs: 6000,
        handler: (m) => [{ topic: t.enriched, key: m.key, value: m.value }],
      }),
    );
    const out = await eventually(async () => {
      const msgs = await readAll(bus, t.enriched);
      return msgs.length >= 10 ? msgs : undefined;
    }, 60000);
    expect(out.map((m) => m.value!.toString())).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`));
  }, 90000);

  it('carries messages far beyond the broker default of 1 MB per record batch, alone and in a large transaction', async () => {
    const t = await createTopics(bus, uniquePrefix('large'), 1);
    const producer = await bus.producer();
    const big = Buffer.alloc(3 * 1024 * 1024, 'b');
    const many = Array.from({ length: 100 }, (_, i) => Buffer.alloc(200 * 1024, String(i % 10)));
    await producer.send([big, ...many].map((value, i) => ({ topic: t.raw, key: `k${i}`, value })));
    running.push(
      await bus.runPipeline({
        stage: 'large',
        groupId: `${t.raw}.group`,
        topics: [t.raw],
        dlqTopic: t.dlq,
        handler: (m) => [{ topic: t.enriched, key: m.key, value: m.value }],
      }),
    );
    const out = await eventually(async () => {
      const msgs = await readAll(bus, t.enriched);
      return msgs.length >= 101 ? msgs : undefined;
    }, 60000);
    expect(out.map((m) => m.value!.length)).toEqual([big.length, ...many.map((b) => b.length)]);
    expect(await readAll(bus, t.dlq)).toHaveLength(0);
  }, 90000);
  it('reads a topic to its end from given offsets, and stops with the error when the callback fails', async () => {
    const t = await createTopics(bus, uniquePrefix('read'), 2);
    const producer = await bus.producer();
    await producer.send(
      Array.from({ length: 40 }, (_, i) => ({
        topic: t.raw,
        partition: i % 2,
        key: `k${i}`,
        value: `v${i}`,
      })),
    );
    const seen: string[] = [];
    const count = await bus.readToEnd(
      t.raw,
      (batch) => void seen.push(...batch.map((m) => m.value!.toString())),
      {
        from: { 0: '15', 1: '0' },
      },
    );
    // partition 0 holds v0, v2 ... v38 at offsets 0..19: from 15 on, v30 ... v38
    expect(count).toBe(25);
    expect(seen.filter((v) => Number(v.slice(1)) % 2 === 0).sort()).toEqual([
      'v30',
      'v32',
      'v34',
      'v36',
      'v38',
    ]);
    const failing = bus.readToEnd(t.raw, () => {
      throw new Error('store is down');
    });
    await expect(failing).rejects.toThrow('store is down');
  }, 60000);
});
