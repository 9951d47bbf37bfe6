import { afterAll, describe, expect, it } from '@jest/globals';
import { KAFKA_CLIENTS, type KafkaClient } from '@newswire/config';
import { topicNames, topicSpecs } from '@newswire/contracts';
import {
  bootstrapTopics,
  type InMessage,
  type MessageBus,
  type PartitionPosition,
  type RunningConsumer,
} from '@newswire/kafka';
import { eventually, readAll, testBus, uniquePrefix } from './support/kafka-test-env';

/**
 * The plumbing contract every Kafka client behind libs/kafka must keep, run against each client
 * that loads here, so that switching KAFKA_CLIENT cannot silently break exactly-once.
 */
const loadable = KAFKA_CLIENTS.flatMap((client) => {
  try {
    return [[client, testBus(`contract-${client}`, client)] as [KafkaClient, MessageBus]];
  } catch {
    return [];
  }
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const keys = Array.from({ length: 60 }, (_, i) => `article-${i}`);
/** Where kafkajs, the reference, put each key: every client must agree (per-article order survives a switch). */
let reference: Map<string, number> | undefined;

afterAll(async () => {
  await Promise.all(loadable.map(([, bus]) => bus.close()));
}, 60000);

it('runs on kafkajs at least', () => {
  expect(loadable.map(([client]) => client)).toContain('kafkajs');
});

describe.each(loadable)('the %s client', (client, bus) => {
  const running: RunningConsumer[] = [];
  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
  }, 60000);

  const topics = async (name: string, partitions: number) => {
    const prefix = uniquePrefix(`${client}-${name}`);
    const names = ['in', 'out', 'dlq'].map((n) => `${prefix}${n}`);
    const admin = await bus.admin();
    await admin.ensureTopics(names.map((n) => ({ name: n, partitions, config: {} })));
    await admin.close();
    return names;
  };

  it('produces keyed messages onto the partitions kafkajs chooses, from concurrent sends, and consumes them in a group', async () => {
    const [input] = await topics('group', 6);
    const producer = await bus.producer();
    const sends = [0, 1, 2, 3, 4, 5].map((i) => keys.filter((_, j) => j % 6 === i));
    await Promise.all(sends.map((ks) => producer.send(ks.map((k) => ({ topic: input, key: k, value: k })))));
    await producer.close();
    const seen: InMessage[] = [];
    running.push(
      await bus.runSink({
        stage: 'contract',
        groupId: `${input}.g`,
        topics: [input],
        handleBatch: async (messages) => {
          seen.push(...messages);
        },
      }),
    );
    await eventually(() => seen.length >= keys.length);
    expect(seen.map((m) => m.value!.toString()).sort()).toEqual([...keys].sort());
    const placed = new Map(seen.map((m) => [m.key!.toString(), m.partition]));
    reference ??= placed;
    expect(placed).toEqual(reference);
  });

  it('commits outputs and input offsets in one transaction, and hides aborted transactions from readers', async () => {
    const [input, output, dlq] = await topics('txn', 1);
    const producer = await bus.producer();
    const values = Array.from({ length: 30 }, (_, i) => `v${i}`);
    await producer.send(values.map((v) => ({ topic: input, key: v, value: v })));
    await producer.close();
    // The first two attempts abort after sending their outputs, from the same transactional id:
    // a reader must see neither (a producer's earlier abort in the same fetch must not leak).
    let attempts = 0;
    const groupId = `${input}.g`;
    running.push(
      await bus.runPipeline({
        stage: 'contract',
        groupId,
        topics: [input],
        dlqTopic: dlq,
        maxBatch: 10,
        handler: (m) => [{ topic: output, key: m.key, value: m.value }],
        beforeCommit: () => {
          if (++attempts <= 2) throw new Error('abort this transaction');
        },
      }),
    );
    const out = await eventually(async () => {
      const all = await readAll(bus, output);
      return all.length >= values.length ? all : undefined;
    });
    await sleep(500);
    expect((await readAll(bus, output)).map((m) => m.value!.toString())).toEqual(
      out.map((m) => m.value!.toString()),
    );
    expect(out.map((m) => m.value!.toString())).toEqual(values);
    expect(attempts).toBeGreaterThan(2);
    const admin = await bus.admin();
    await eventually(async () => (await admin.groupOffsets(groupId, input))[0]?.offset === '30');
    await admin.close();
  }, 60000);

  it('fences a zombie: a member stalled past its session timeout cannot commit once another took over', async () => {
    const [input, output, dlq] = await topics('zombie', 1);
    const groupId = `${input}.g`;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const stalled = { entered: false, aborted: undefined as unknown };
    const taken = { commits: 0 };
    const member = (name: string) =>
      bus.runPipeline({
        stage: name,
        groupId,
        topics: [input],
        dlqTopic: dlq,
        sessionTimeoutMs: 6000,
        handler: (m) => [{ topic: output, key: m.key, value: m.value }],
        beforeCommit: async () => {
          if (name !== 'zombie' || stalled.entered) return;
          stalled.entered = true;
          await released;
        },
        onAborted: (error) => {
          if (name === 'zombie') stalled.aborted ??= error;
        },
        onCommitted: () => {
          if (name === 'heir') taken.commits++;
        },
      });
    running.push(await member('zombie'));
    const producer = await bus.producer();
    const values = Array.from({ length: 5 }, (_, i) => `z${i}`);
    await producer.send(values.map((v) => ({ topic: input, key: v, value: v })));
    await producer.close();
    await eventually(() => stalled.entered);
    running.push(await member('heir'));
    await eventually(() => taken.commits > 0, 60000);
    release();
    await eventually(() => stalled.aborted !== undefined, 30000);
    await sleep(1000);
    expect((await readAll(bus, output)).map((m) => m.value!.toString())).toEqual(values);
  }, 90000);

  it("reports every assigned partition's position and end before its first batch, for a pipeline and a sink", async () => {
    const [input, output, dlq] = await topics('positions', 3);
    const producer = await bus.producer();
    await producer.send(
      [0, 0, 1].map((partition, i) => ({ topic: input, key: `p${i}`, value: `p${i}`, partition })),
    );
    await producer.close();
    const seen = { pipeline: [] as string[], sink: [] as string[] };
    const positionsOf = (who: keyof typeof seen) => (positions: PartitionPosition[]) =>
      seen[who].push(
        ...positions.map((p) => `${p.partition}: ${p.nextOffset}..${p.highWatermark}`).sort(),
        'positions',
      );
    running.push(
      await bus.runPipeline({
        stage: 'contract',
        groupId: `${input}.pipeline`,
        topics: [input],
        dlqTopic: dlq,
        handler: (m) => [{ topic: output, key: m.key, value: m.value }],
        onPositions: positionsOf('pipeline'),
        onCommitted: ({ partition, count }) => seen.pipeline.push(`${partition}: ${count} committed`),
      }),
      await bus.runSink({
        stage: 'contract',
        groupId: `${input}.sink`,
        topics: [input],
        // The sink's own store has partition 0's first message.
        startOffsets: async (_topic, partition) => (partition === 0 ? '1' : undefined),
        onPositions: positionsOf('sink'),
        handleBatch: async (messages, { partition }) => {
          seen.sink.push(`${partition}: ${messages.length} stored`);
        },
      }),
    );
    await eventually(() => seen.pipeline.length === 6 && seen.sink.length === 6);
    await sleep(500);
    const assigned = (p0: string) => [`0: ${p0}..2`, '1: 0..1', '2: 0..0', 'positions'];
    expect(seen.pipeline.slice(0, 4)).toEqual(assigned('0'));
    expect(seen.pipeline.slice(4).sort()).toEqual(['0: 2 committed', '1: 1 committed']);
    expect(seen.sink.slice(0, 4)).toEqual(assigned('1'));
    expect(seen.sink.slice(4).sort()).toEqual(['0: 1 stored', '1: 1 stored']);
  }, 60000);

  it("reports how existing topics differ from their specs, and --fix sets the configs back, keeping the operator's own", async () => {
    const layout = { topicPrefix: uniquePrefix(`${client}-drift`), partitions: 2 };
    const { events, enriched } = topicNames(layout.topicPrefix);
    const admin = await bus.admin();
    try {
      // Made by hand: the events topic with a week's retention and a setting of its own; the
      // curator's input with two partitions (its total order broken).
      const own = { 'segment.bytes': '52428800' };
      await admin.ensureTopics([
        { name: events, partitions: 2, config: { 'retention.ms': '604800000', ...own } },
        { name: enriched, partitions: 2, config: {} },
      ]);
      const first = await bootstrapTopics(bus, layout);
      // Every topic but the two made by hand.
      expect(first.created).toHaveLength(topicSpecs(layout.topicPrefix, layout.partitions).length - 2);
      const partitions = { topic: enriched, kind: 'partitions', want: 1, have: 2 };
      const messageBytes = (topic: string) => ({
        topic,
        kind: 'config',
        key: 'max.message.bytes',
        want: expect.any(String),
        have: '1048588',
      });
      expect(first.drift).toEqual([
        partitions,
        messageBytes(enriched),
        messageBytes(events),
        { topic: events, kind: 'config', key: 'retention.ms', want: '-1', have: '604800000' },
      ]);
      const fixed = await bootstrapTopics(bus, layout, { fix: true });
      expect(fixed.created).toEqual([]);
      expect(Object.keys(fixed.fixed[events]).sort()).toEqual(['max.message.bytes', 'retention.ms']);
      expect(Object.keys(fixed.fixed[enriched])).toEqual(['max.message.bytes']);
      // Partitions are left to the operator: they cannot be removed in place.
      expect(fixed.drift).toEqual([partitions]);
      const [state] = await admin.describeTopics([events], ['retention.ms', 'segment.bytes']);
      expect(state).toEqual({ name: events, partitions: 2, config: { 'retention.ms': '-1', ...own } });
    } finally {
      await admin.close();
    }
  }, 60000);
});
