import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADERS, WebhookDelivery } from '@newswire/contracts';
import type { InMessage, OutMessage } from '@newswire/kafka';
import { WebhookMetrics, createLogger } from '@newswire/observability';
import { WEBHOOK_HEADERS, verifyWebhookSignature } from '@newswire/routing';
import { Registry } from 'prom-client';
import { WebhookSender } from '../apps/router/src/webhook-sender';

const message = (offset: number, article = `art_${offset}`): InMessage => ({
  topic: 'article.out.v1.hook',
  partition: 0,
  offset: String(offset),
  key: Buffer.from(article),
  value: Buffer.from(`{"n":${offset}}`),
  headers: { [HEADERS.projectionVersion]: '1', [HEADERS.signal]: 'published' },
  timestamp: '0',
});

/**
 * A receiver on loopback that answers each request with the next status of `answers` (then 204);
 * over HTTPS with `tls`.
 */
async function receiver(answers: number[], tls?: { key: Buffer; cert: Buffer }) {
  const got: { delivery: string; signed: boolean }[] = [];
  const handle: Parameters<typeof createServer>[1] = (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({
        delivery: String(req.headers[WEBHOOK_HEADERS.delivery]),
        signed: verifyWebhookSignature(
          'k',
          {
            signature: req.headers[WEBHOOK_HEADERS.signature] as string,
            timestamp: req.headers[WEBHOOK_HEADERS.timestamp] as string,
          },
          body,
        ),
      });
      res.writeHead(answers.shift() ?? 204).end();
    });
  };
  const server: Server = tls ? createTlsServer(tls, handle) : createServer(handle);
  const port = await new Promise<number>((r) =>
    server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)),
  );
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}/`;
  return {
    url,
    got,
    close: () => new Promise((r) => (server.close(r), server.closeAllConnections())),
  };
}

/** A self-signed certificate for 127.0.0.1, made by openssl for this run. */
function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'newswire-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]),
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sender(url: string, o: Partial<WebhookDelivery> = {}, budgetMs = 5000) {
  const dead: OutMessage[] = [];
  const delivery = WebhookDelivery.parse({
    kind: 'webhook',
    url,
    secret: { env: 'X' },
    backoffSeconds: 0.01,
    maxBackoffSeconds: 0.02,
    ...o,
  });
  const producer = {
    send: (m: OutMessage[]) => Promise.resolve(void dead.push(...m)),
    close: async () => {},
  };
  const s = new WebhookSender(
    'hook',
    delivery,
    'k',
    { producer, topic: 'article.out.v1.hook.dlq' },
    createLogger('test', 'silent'),
    new WebhookMetrics(new Registry()),
    budgetMs,
  );
  return { s, dead };
}

/**
 * The router's webhook sender against a real receiver on loopback (no broker: the messages are
 * given as the subscriber's consumer would hand them over, the dead letters caught).
 */
describe('WebhookSender', () => {
  it('POSTs each message in order, signed, retrying a failure until it is taken', async () => {
    const r = await receiver([500, 503]);
    const { s, dead } = sender(r.url);
    expect(await s.deliverBatch([message(1), message(2)])).toBeUndefined();
    expect(r.got.map((g) => g.delivery)).toEqual(['art_1:1', 'art_1:1', 'art_1:1', 'art_2:1']);
    expect(r.got.every((g) => g.signed)).toBe(true);
    expect(dead).toEqual([]);
    await r.close();
  });

  it('dead-letters a delivery after its last attempt and goes on to the next', async () => {
    const r = await receiver([500, 500]);
    const { s, dead } = sender(r.url, { maxAttempts: 2 });
    expect(await s.deliverBatch([message(1), message(2)])).toBeUndefined();
    expect(r.got.map((g) => g.delivery)).toEqual(['art_1:1', 'art_1:1', 'art_2:1']);
    expect(dead.map((d) => [d.topic, String(d.key), d.headers?.[HEADERS.dlq.offset]])).toEqual([
      ['article.out.v1.hook.dlq', 'art_1', '1'],
    ]);
    expect(dead[0].headers?.[HEADERS.dlq.message]).toBe('2 attempts, the last: HTTP 500');
    await r.close();
  });

  it('returns within its budget, asking to be read again from the message it is retrying', async () => {
    const r = await receiver([500]);
    const { s } = sender(r.url, { backoffSeconds: 1, maxBackoffSeconds: 1 }, 100);
    const started = Date.now();
    expect(await s.deliverBatch([message(7), message(8)])).toEqual({ rewindTo: '7' });
    expect(Date.now() - started).toBeLessThan(1000);
    // Read again once the wait is over, it is sent (the attempts so far are remembered).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await s.deliverBatch([message(7), message(8)])).toBeUndefined();
    expect(r.got.map((g) => g.delivery)).toEqual(['art_7:1', 'art_7:1', 'art_8:1']);
    await r.close();
  });

  describe('over HTTPS', () => {
    const tls = selfSigned();
    const dir = mkdtempSync(join(tmpdir(), 'newswire-ca-'));
    const caFile = join(dir, 'partner-ca.pem');
    writeFileSync(caFile, tls.cert);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("POSTs signed to a receiver whose certificate the subscriber's caFile vouches for", async () => {
      const r = await receiver([], tls);
      const { s, dead } = sender(r.url, { caFile });
      expect(await s.deliverBatch([message(1), message(2)])).toBeUndefined();
      expect(r.got).toEqual([
        { delivery: 'art_1:1', signed: true },
        { delivery: 'art_2:1', signed: true },
      ]);
      expect(dead).toEqual([]);
      await s.close();
      await r.close();
    });

    it('never sends to a receiver whose certificate it cannot verify: the delivery is dead-lettered', async () => {
      const r = await receiver([], tls);
      const { s, dead } = sender(r.url, { maxAttempts: 2 });
      expect(await s.deliverBatch([message(1)])).toBeUndefined();
      expect(r.got).toEqual([]);
      expect(dead).toHaveLength(1);
      expect(dead[0].headers?.[HEADERS.dlq.message]).toMatch(/^2 attempts, the last: .*certificate/i);
      await r.close();
    });
  });
});
