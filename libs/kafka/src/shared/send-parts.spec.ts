import fc from 'fast-check';
import { sendParts } from './send-parts';

describe('sendParts', () => {
  it('splits a send into parts of at most 1 MB, in order, losing nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400_000 }), { maxLength: 60 }), (sizes) => {
        const messages = sizes.map((n, i) => ({ topic: 't', key: String(i), value: Buffer.alloc(n) }));
        const parts = sendParts(messages);
        expect(parts.flat()).toEqual(messages);
        for (const part of parts) {
          const bytes = part.reduce((s, m) => s + (m.value as Buffer).length, 0);
          // A part over the limit holds one message that is over it on its own.
          if (part.length > 1) expect(bytes).toBeLessThanOrEqual(1024 * 1024);
        }
      }),
    );
  });

  it('keeps a small send whole', () => {
    const messages = Array.from({ length: 100 }, (_, i) => ({ topic: 't', value: `m${i}` }));
    expect(sendParts(messages)).toEqual([messages]);
  });
});
