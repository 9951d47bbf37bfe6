import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADERS, EnrichedStoryMessage } from '@newswire/contracts';
import type { MessageBus, OutMessage } from '@newswire/kafka';
import { appEnv, startApp, type AppProcess } from './support/app-process';
import { createTopics, eventually, readAll, testBus, uniquePrefix } from './support/kafka-test-env';

const SEED = join(__dirname, '..', 'fixtures', 'seed', 'seed-story.txt');
const SAMPLES = join(__dirname, '..', 'fixtures', 'samples');

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:lol" version="1"><contentSet><inlineXML>&lol9;</inlineXML></contentSet></newsItem>`;
const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:xxe" version="1"><itemMeta><title>&xxe;</title></itemMeta></newsItem>`;

describe('normalizer app on the real broker', () => {
  let bus: MessageBus;
  let app: AppProcess;

  beforeAll(() => {
    bus = testBus();
  });
  afterAll(async () => {
    await app?.stop();
    await bus.close();
  });

  it('accounts for every input: good stories normalised and attributed, malformed, oversized and hostile ones dead-lettered with a reason', async () => {
    const prefix = uniquePrefix('normalizer');
    const t = await createTopics(bus, prefix);
    app = startApp('normalizer', appEnv(prefix, { MAX_INPUT_BYTES: String(64 * 1024) }));
    const inputs: { name: string; bytes: Buffer; contentType?: string; expect: 'story' | string }[] = [
      { name: 'seed', bytes: readFileSync(SEED), expect: 'story' },
      {
        name: 'ninjs',
        bytes: readFileSync(join(SAMPLES, 'iran-drones.ninjs.json')),
        contentType: 'application/json',
        expect: 'story',
      },
      { name: 'g2', bytes: readFileSync(join(SAMPLES, 'iran-drones.newsml.xml')), expect: 'story' },
      {
        name: 'truncated-xml',
        bytes: Buffer.from(
          '<?xml version="1.0"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentSet>',
        ),
        expect: 'MALFORMED',
      },
      {
        name: 'broken-json',
        bytes: Buffer.from('{"uri": "x", "headline": '),
        contentType: 'application/json',
        expect: 'MALFORMED',
      },
      { name: 'oversized', bytes: Buffer.alloc(100 * 1024, 'a'), expect: 'TOO_LARGE' },
      { name: 'empty', bytes: Buffer.alloc(0), expect: 'EMPTY_BODY' },
      { name: 'billion-laughs', bytes: Buffer.from(billionLaughs), expect: 'INSECURE_XML' },
      { name: 'xxe', bytes: Buffer.from(xxe), expect: 'INSECURE_XML' },
    ];
    const producer = await bus.producer();
    const messages: OutMessage[] = inputs.map((i) => ({
      topic: t.raw,
      key: i.name,
      value: i.bytes,
      headers: {
        [HEADERS.traceId]: `trace-${i.name}`,
        [HEADERS.wireSource]: 'e2e',
        ...(i.contentType ? { [HEADERS.contentType]: i.contentType } : {}),
      },
    }));
    await producer.send(messages);

    const accounted = await eventually(
      async () => {
        const enriched = await readAll(bus, t.enriched);
        const dlq = await readAll(bus, t.dlq);
        const seen = new Set([...enriched, ...dlq].map((m) => m.headers[HEADERS.traceId]));
        return inputs.every((i) => seen.has(`trace-${i.name}`)) ? { enriched, dlq } : undefined;
      },
      60000,
      500,
      () => app.logs().slice(-5000),
    );
    for (const input of inputs) {
      const trace = `trace-${input.name}`;
      if (input.expect === 'story') {
        const out = accounted.enriched.filter((m) => m.headers[HEADERS.traceId] === trace);
        expect({ input: input.name, stories: out.length }).toEqual({ input: input.name, stories: 1 });
        const message = EnrichedStoryMessage.parse(JSON.parse(out[0].value!.toString('utf8')));
        expect(message.story.headline.length).toBeGreaterThan(10);
        expect(out[0].key!.toString()).toBe(`${message.story.source}:${message.story.guid}`);
      } else {
        const dead = accounted.dlq.filter((m) => m.headers[HEADERS.traceId] === trace);
        expect({ input: input.name, code: dead[0]?.headers[HEADERS.dlq.code] }).toEqual({
          input: input.name,
          code: input.expect,
        });
        expect(dead[0].headers[HEADERS.dlq.message]).toBeTruthy();
        expect(Buffer.compare(dead[0].value ?? Buffer.alloc(0), input.bytes)).toBe(0);
      }
    }
    // The seed story, plain text, becomes a story whose body holds its paragraphs, not its captions,
    // with the outlets it cites attributed under the registry's version.
    const seed = accounted.enriched.find((m) => m.headers[HEADERS.traceId] === 'trace-seed')!;
    const message = EnrichedStoryMessage.parse(JSON.parse(seed.value!.toString()));
    expect(message.story.headline).toBe('Heads of Iran-allied militant groups meet in Tehran');
    expect(message.story.body.join(' ')).toContain('state broadcaster IRIB reported');
    expect(message.attributions.map((a) => a.outlet.id)).toEqual(
      expect.arrayContaining(['irib', 'fars', 'al-manar']),
    );
    expect(message.registryVersion).toBeTruthy();
  }, 90000);
});
