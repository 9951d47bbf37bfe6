import { defaultRegistry } from '@newswire/attribution';
import { EnrichedStoryMessage, HEADERS } from '@newswire/contracts';
import type { InMessage } from '@newswire/kafka';
import { normalizeRaw } from './normalize.handler';

const registry = defaultRegistry();

function raw(value: Buffer, contentType = 'text/plain; charset=utf-8'): InMessage {
  return {
    topic: 'wire.raw.v1',
    partition: 0,
    offset: '7',
    key: null,
    value,
    headers: {
      [HEADERS.traceId]: 'trace-normalize-spec',
      [HEADERS.contentType]: contentType,
      [HEADERS.wireSource]: 'spec',
    },
    timestamp: String(Date.parse('2026-12-07T10:00:00Z')),
  };
}

function warnings() {
  const seen: { fields: Record<string, unknown>; message: string }[] = [];
  return {
    seen,
    log: { warn: (fields: Record<string, unknown>, message: string) => void seen.push({ fields, message }) },
  };
}

describe('normalizeRaw', () => {
  it('caps the amplification story, still emits it, and logs how many sources it left with the trace id', () => {
    const unit = 'w1 w2 w3 w4 w5 w6 i, state broadcaster IRIB reported';
    const body = Array.from({ length: 12_000 }, () => unit).join('; ');
    const { seen, log } = warnings();
    const [out, ...rest] = normalizeRaw(
      raw(Buffer.from(`Amplified\n\n${body}.\n`)),
      'enriched',
      5e6,
      registry,
      log as never,
    );
    expect(rest).toHaveLength(0);
    const message = EnrichedStoryMessage.parse(JSON.parse(String(out.value)));
    expect(message.attributions).toHaveLength(12);
    // The story travels once; what attribution adds stays small whatever the story's length.
    expect(JSON.stringify(message.attributions).length).toBeLessThan(30_000);
    expect(seen).toEqual([
      {
        fields: expect.objectContaining({
          traceId: 'trace-normalize-spec',
          storyKey: out.key,
          attributions: 12,
          truncated: 12_000 - 12,
        }) as Record<string, unknown>,
        message: 'attribution caps reached: source mentions left unexamined',
      },
    ]);
  });

  it('logs what was read with a loss (damaged undeclared UTF-8) and logs nothing for clean copy', () => {
    const { seen, log } = warnings();
    const broken = Buffer.concat([
      Buffer.from('Headline\n\nIRNA said — in Tehran — talks '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(' resume.\n'),
    ]);
    const [out] = normalizeRaw(raw(broken, 'text/plain'), 'enriched', 5e6, registry, log as never);
    expect(seen).toHaveLength(1);
    expect(seen[0].fields).toEqual(
      expect.objectContaining({ traceId: 'trace-normalize-spec', storyKey: out.key }),
    );
    expect(String(seen[0].fields.warning)).toMatch(/UTF-8/i);

    const clean = warnings();
    normalizeRaw(
      raw(Buffer.from('Headline\n\nIRNA said talks would resume.\n')),
      'enriched',
      5e6,
      registry,
      clean.log as never,
    );
    expect(clean.seen).toEqual([]);
  });

  it('logs a lossy read with the trace id alone when the wire is refused', () => {
    const { seen, log } = warnings();
    // Damaged UTF-8 (heard as a loss), then a NUL: refused as binary after the warning.
    const lossyBinary = Buffer.concat([Buffer.from('Headline é '), Buffer.from([0xff, 0x00])]);
    expect(() =>
      normalizeRaw(raw(lossyBinary, 'text/plain'), 'enriched', 5e6, registry, log as never),
    ).toThrow(/NUL/);
    expect(seen).toEqual([
      {
        fields: {
          traceId: 'trace-normalize-spec',
          storyKey: undefined,
          warning: expect.stringMatching(/UTF-8/),
        },
        message: 'wire read with a loss',
      },
    ]);
  });
});
