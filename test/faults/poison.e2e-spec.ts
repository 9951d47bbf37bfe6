import { DlqErrorCode, HEADERS } from '@newswire/contracts';
import type { OutMessage } from '@newswire/kafka';
import { expectExactlyOnce, expectProjections, readDlq } from '../support/fault-checks';
import { referenceRun } from '../support/fault-reference';
import { FaultStack, PIPELINE } from '../support/fault-stack';
import { wireStream } from '../support/fault-stream';
import { brokers, eventually } from '../support/kafka-test-env';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Poison = { message: OutMessage; stage: string; codes: readonly string[]; receivedAt?: string };

/**
 * Poison on every stage's input topic, on every partition: each lands on wire.dlq.v1 with its
 * original bytes, a code and the stage, and the stories sent after it are processed as usual.
 */
describe('poison messages at every stage', () => {
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await FaultStack.open('poison', { brokers: brokers().join(','), databaseUrl: DATABASE_URL });
    stack.start(...PIPELINE);
  }, 60000);

  afterAll(async () => {
    await stack.close();
  });

  it('dead-letters each poison with its bytes, code and stage, and moves on to later messages', async () => {
    const t = stack.topics;
    let n = 0;
    const poison = (
      topic: string,
      value: Buffer | string,
      stage: string,
      codes: readonly string[],
    ): Poison => {
      const traceId = `poison-${++n}`;
      return {
        message: {
          topic,
          key: `poison-${n}`,
          value,
          partition: n % 3,
          headers: { [HEADERS.traceId]: traceId },
        },
        stage,
        codes,
      };
    };
    const notJson = '{"schemaVersion": 1, "story": ';
    // Well-formed, but with what no text column takes (a NUL), or a receipt time that is no time:
    // either would pass the stages and stop the projector's partition at every retry.
    const [good] = wireStream(t.raw, { first: 900, count: 1, reviseEvery: 1000 });
    const ninjs = JSON.parse(String(good.value)) as { headlines: { value: string }[] };
    ninjs.headlines[0].value = `\u0000${ninjs.headlines[0].value}`;
    const withNul = JSON.stringify(ninjs);
    const [goodEvent] = referenceRun([good]).events;
    // An event past every schema check whose headline the database still refuses (a NUL): it is
    // dead-lettered on its own, and the events stored with it are stored all the same.
    const unstorableEvent = (n: number) => {
      const e = structuredClone(goodEvent) as Extract<typeof goodEvent, { type: 'ArticlePublished' }>;
      e.payload.story.headline = `\u0000${e.payload.story.headline}`;
      return JSON.stringify({ ...e, articleId: `art_unstorable${n}`, eventId: `art_unstorable${n}:1` });
    };
    const wrongShape = JSON.stringify({ schemaVersion: 1, traceId: 'x', story: { guid: 42 } });
    const poisons = [0, 1, 2].flatMap(() => [
      poison(
        t.raw,
        Buffer.from([0x00, 0x01, 0x02, 0xc3, 0x28, 0xa0, 0xa1, 0x00]),
        'normalizer',
        DlqErrorCode,
      ),
      poison(t.raw, Buffer.alloc(0), 'normalizer', ['EMPTY_BODY']),
      poison(t.raw, withNul, 'normalizer', ['BAD_ENCODING']),
      { ...poison(t.raw, good.value!, 'normalizer', ['MALFORMED']), receivedAt: 'yesterday' },
      poison(t.events, unstorableEvent(n), 'projector', ['SCHEMA_VIOLATION']),
      poison(t.enriched, notJson, 'curator', ['MALFORMED']),
      poison(t.enriched, wrongShape, 'curator', ['SCHEMA_VIOLATION']),
      poison(t.events, notJson, 'projector', ['MALFORMED', 'SCHEMA_VIOLATION']),
      poison(t.events, JSON.stringify({ type: 'ArticlePublished', sequence: 'one' }), 'projector', [
        'SCHEMA_VIOLATION',
      ]),
    ]);
    // The single-partition enriched topic takes no explicit partition other than 0.
    for (const p of poisons) {
      if (p.message.topic === t.enriched) p.message.partition = 0;
      if (p.receivedAt) p.message.headers![HEADERS.receivedAt] = p.receivedAt;
    }
    // The story that once stalled the normalizer for good (attribution output grew with cues ×
    // sentence length): 686 KB of one paragraph of cue clauses. Now it is read within its caps,
    // and the stories behind it on its partition go on.
    const [amplified] = wireStream(t.raw, { first: 950, count: 1, reviseEvery: 1000 });
    const amplifiedNinjs = JSON.parse(String(amplified.value)) as { bodies: { value: string }[] };
    const clause = 'w1 w2 w3 w4 w5 w6 i, state broadcaster IRIB reported';
    amplifiedNinjs.bodies[0].value = Array.from({ length: 12_700 }, () => clause).join('; ') + '.';
    amplified.value = JSON.stringify(amplifiedNinjs);
    expect(amplified.value.length).toBeGreaterThan(680_000);
    amplified.partition = 1;
    const before = wireStream(t.raw, { first: 1, count: 40 });
    const after = wireStream(t.raw, { first: 101, count: 40 });
    const producer = await stack.bus.producer();
    await producer.send(before);
    await producer.send([amplified, ...poisons.map((p) => p.message)]);
    await producer.send(after);
    await producer.close();

    const reference = referenceRun([...before, amplified, ...after]);
    await expectProjections(stack.store, reference, stack.logs);
    const dlq = await eventually(
      async () => {
        const records = await readDlq(stack.bus, t);
        return records.length >= poisons.length ? records : undefined;
      },
      30000,
      500,
      stack.logs,
    );
    expect(dlq).toHaveLength(poisons.length);
    const byTrace = new Map(dlq.map((r) => [r.headers[HEADERS.traceId], r]));
    for (const p of poisons) {
      const record = byTrace.get(p.message.headers![HEADERS.traceId])!;
      expect(record).toBeDefined();
      expect(record.value ?? Buffer.alloc(0)).toEqual(Buffer.from(p.message.value!));
      expect(record.headers[HEADERS.dlq.stage]).toBe(p.stage);
      expect(record.headers[HEADERS.dlq.topic]).toBe(p.message.topic);
      expect(record.headers[HEADERS.dlq.partition]).toBe(String(p.message.partition));
      expect(p.codes).toContain(record.headers[HEADERS.dlq.code]);
    }
    const injected = new Set(poisons.map((p) => p.message.headers![HEADERS.traceId]));
    await expectExactlyOnce(stack.bus, t, reference, injected);
    for (const name of PIPELINE) stack.assertRunning(name);
    // Within one session timeout: no stage's batch stalled long enough to leave its group.
    const raw = PIPELINE.map((name) => stack.app(name).logs()).join('\n');
    expect(raw).not.toMatch(/made no progress/);
    const capped = raw
      .split('\n')
      .filter((line) => line.includes(`"storyKey":${JSON.stringify(String(amplified.key))}`));
    expect(capped.some((line) => line.includes('attribution caps reached'))).toBe(true);
  }, 180000);
});
