import { HEADERS, RedriveRecord, type TopicNames } from '@newswire/contracts';
import { deadLetter, type InMessage, type MessageBus } from '@newswire/kafka';
import { runCli } from './support/cli-process';
import { createTopics, readAll, testBus, uniquePrefix } from './support/kafka-test-env';

/**
 * `newswire dlq redrive` sends a dead-letter record back once: a later redrive by any filter skips
 * it, and the dead letter its copy leaves when it fails again, unless `--again`. The copy's dead
 * letter is made by the stages' own deadLetter, on the real broker.
 */
describe('newswire dlq redrive', () => {
  let bus: MessageBus;
  let topics: TopicNames;
  let env: Record<string, string>;
  const redrive = async (...args: string[]) => {
    const r = await runCli(['dlq', 'redrive', ...args], env);
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    return JSON.parse(r.stdout) as { redriven: number; skipped: number };
  };
  /** What the normalizer does with a copy it refuses again. */
  const refuse = async (copy: InMessage) => {
    const producer = await bus.producer();
    await producer.send([deadLetter(copy, topics.dlq, 'normalizer', 'INSECURE_XML', 'DOCTYPE again')]);
  };
  const raw = () => readAll(bus, topics.raw);

  beforeAll(async () => {
    bus = testBus();
    const prefix = uniquePrefix('redrive');
    topics = await createTopics(bus, prefix, 1);
    env = { TOPIC_PREFIX: prefix, KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' };
    const producer = await bus.producer();
    await producer.send([
      { topic: topics.raw, key: 'k', value: '<!DOCTYPE x>', headers: { [HEADERS.traceId]: 'trace-1' } },
    ]);
    const [original] = await raw();
    await producer.send([deadLetter(original, topics.dlq, 'normalizer', 'INSECURE_XML', 'DOCTYPE')]);
  }, 60000);
  afterAll(() => bus.close());

  it('makes one copy of a record in four redrives, and its failure is known as a copy', async () => {
    expect(await redrive('--code', 'INSECURE_XML')).toEqual({ redriven: 1, skipped: 0 });
    const [, copy] = await raw();
    expect(copy.headers).toMatchObject({ [HEADERS.traceId]: 'trace-1', [HEADERS.redriveOf]: '0:0' });
    await refuse(copy);
    for (const filter of [['--code', 'INSECURE_XML'], ['--stage', 'normalizer'], ['--all']])
      expect(await redrive(...filter)).toEqual({ redriven: 0, skipped: 2 });
    expect(await raw()).toHaveLength(2);

    const listed = (await runCli(['dlq', 'list'], env)).stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { offset: string; redriven: boolean; redriveOf?: string });
    expect(listed.map(({ offset, redriven, redriveOf }) => ({ offset, redriven, redriveOf }))).toEqual([
      { offset: '0', redriven: true, redriveOf: undefined },
      { offset: '1', redriven: true, redriveOf: '0:0' },
    ]);
    const marks = await readAll(bus, topics.redrives);
    expect(marks).toHaveLength(1);
    expect(RedriveRecord.parse(JSON.parse(marks[0].value!.toString()))).toMatchObject({
      origin: '0:0',
      from: { partition: 0, offset: '0' },
      topic: topics.raw,
      again: false,
    });
  }, 120000);

  it('sends it again with --again, once per origin, when the operator means it', async () => {
    expect(await redrive('--code', 'INSECURE_XML', '--again')).toEqual({ redriven: 1, skipped: 1 });
    const copies = (await raw()).slice(1);
    expect(copies.map((c) => c.headers[HEADERS.redriveOf])).toEqual(['0:0', '0:0']);
    expect(copies[1].value).toEqual(copies[0].value);
  }, 60000);
});
