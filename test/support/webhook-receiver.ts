import { createServer, type IncomingMessage, type Server } from 'node:http';
import { WEBHOOK_HEADERS, verifyWebhookSignature } from '@newswire/routing';

export interface Received {
  delivery: string;
  signal: string;
  body: string;
  signed: boolean;
  at: number;
}

export type Answer = 'ok' | 'fail' | 'hang';

/**
 * A real webhook receiver on loopback: it checks each request's signature against the secret (an
 * unsigned or wrongly signed one is refused with 401 and never counted as received), and answers
 * as `answer` says for each attempt: 200, 500, or never (the sender's timeout must end it).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  readonly attempts: string[] = [];
  answer: (delivery: string, attempt: number) => Answer = () => 'ok';
  private server?: Server;
  private readonly hanging = new Set<IncomingMessage>();

  constructor(private readonly secret: string) {}

  listen(port = 0): Promise<number> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const delivery = String(req.headers[WEBHOOK_HEADERS.delivery]);
        const signed = verifyWebhookSignature(
          this.secret,
          {
            signature: req.headers[WEBHOOK_HEADERS.signature] as string | undefined,
            timestamp: req.headers[WEBHOOK_HEADERS.timestamp] as string | undefined,
          },
          body,
        );
        if (!signed) return void res.writeHead(401).end();
        this.attempts.push(delivery);
        const answer = this.answer(delivery, this.attempts.filter((a) => a === delivery).length);
        if (answer === 'hang') return void this.hanging.add(req);
        if (answer === 'fail') return void res.writeHead(500).end();
        const signal = String(req.headers[WEBHOOK_HEADERS.signal]);
        this.received.push({ delivery, signal, body, signed, at: Date.now() });
        res.writeHead(204).end();
      });
    });
    return new Promise((resolve) =>
      this.server!.listen(port, '127.0.0.1', () =>
        resolve((this.server!.address() as { port: number }).port),
      ),
    );
  }

  close(): Promise<void> {
    for (const req of this.hanging) req.socket.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
