import { createServer, type Server } from 'node:http';
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

/** A receiver on loopback that answers each request with the next status of `answers` (then 204). */
async function receiver(answers: number[]) {
  const got: { delivery: string; signed: boolean }[] = [];
  const server: Server = createServer((req, res) => {
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
  });
  const port = await new Promise<number>((r) =>
    server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)),
  );
  return { url: `http://127.0.0.1:${port}/`, got, close: () => new Promise((r) => server.close(r)) };
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
});
