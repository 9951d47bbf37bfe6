import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const now = 1_780_000_000;

  it('is the hex HMAC-SHA256 of "<timestamp>.<body>" (a known value)', () => {
    // printf '%s' '1780000000.{"a":1}' | openssl dgst -sha256 -hmac s3cret
    expect(webhookSignature('s3cret', now, '{"a":1}')).toBe(
      'sha256=d6f2d451cf03bb4bd1898be212ebbcc5d642fe2108954184f7acdd676b089921',
    );
  });

  it('verifies its own signature, and refuses another secret, body or an old timestamp', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string(), (secret, body, other) => {
        const signature = webhookSignature(secret, now, body);
        const headers = { signature, timestamp: String(now) };
        expect(verifyWebhookSignature(secret, headers, body, now)).toBe(true);
        if (other !== body) expect(verifyWebhookSignature(secret, headers, other, now)).toBe(false);
        expect(verifyWebhookSignature(`${secret}x`, headers, body, now)).toBe(false);
        expect(verifyWebhookSignature(secret, headers, body, now + 301)).toBe(false);
      }),
    );
    expect(verifyWebhookSignature('s', { timestamp: String(now) }, 'b', now)).toBe(false);
  });
});
