import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, fetch } from 'undici';
import type { WebhookDelivery } from '@newswire/contracts';
import { HEADERS } from '@newswire/contracts';
import { deadLetter, type InMessage, type Producer } from '@newswire/kafka';
import type { Logger, WebhookMetrics } from '@newswire/observability';
import { WEBHOOK_HEADERS, retryDelayMs, webhookSignature } from '@newswire/routing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where a partition's first undelivered message is in its retries. */
interface Head {
  offset: string;
  attempts: number;
  retryAt: number;
  lastError: string;
}

/**
 * POSTs one subscriber's deliveries, each partition's in order (so each article's), signed; a
 * failed POST is retried after a doubling wait, and after `maxAttempts` the delivery goes to the
 * subscriber's dead letters and the next one is sent. A batch returns within `budgetMs` (less than
 * a session timeout) so that waiting on a slow receiver never costs the group its membership: it
 * then asks to be read again from the message it is retrying.
 */
export class WebhookSender {
  private readonly heads = new Map<number, Head>();
  /** The subscriber's own CA beside the system's, when it names one. */
  private readonly dispatcher?: Agent;

  constructor(
    private readonly name: string,
    private readonly delivery: WebhookDelivery,
    private readonly secret: string,
    private readonly dlq: { producer: Producer; topic: string },
    private readonly logger: Logger,
    private readonly metrics: WebhookMetrics,
    private readonly budgetMs: number,
  ) {
    if (delivery.caFile)
      this.dispatcher = new Agent({
        connect: { ca: [...rootCertificates, readFileSync(delivery.caFile, 'utf8')] },
      });
  }

  /** Closes the subscriber's own connections (its caFile's agent), once its consumer has stopped. */
  async close(): Promise<void> {
    await this.dispatcher?.close();
  }

  async deliverBatch(messages: InMessage[]): Promise<void | { rewindTo: string }> {
    const until = Date.now() + this.budgetMs;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      let head = this.heads.get(m.partition);
      if (head?.offset !== m.offset) {
        head = { offset: m.offset, attempts: 0, retryAt: 0, lastError: '' };
        this.heads.set(m.partition, head);
      }
      for (;;) {
        // A timer may fire a millisecond before Date.now() says it is due: wait again, and give
        // the batch back only once its budget is spent.
        for (let wait = head.retryAt - Date.now(); wait > 0; wait = head.retryAt - Date.now()) {
          if (Date.now() >= until) return { rewindTo: m.offset };
          await sleep(Math.min(wait, until - Date.now()));
        }
        const error = await this.post(m);
        if (!error) {
          this.metrics.delivered.inc({ subscription: this.name });
          break;
        }
        this.metrics.failedAttempts.inc({ subscription: this.name });
        head.attempts++;
        head.lastError = error;
        if (head.attempts >= this.delivery.maxAttempts) {
          await this.deadLetter(m, head);
          break;
        }
        head.retryAt = Date.now() + retryDelayMs(head.attempts, this.delivery);
        this.logger.warn(
          { subscription: this.name, articleId: m.key?.toString(), attempts: head.attempts, error },
          'webhook delivery failed; retrying',
        );
      }
      this.heads.delete(m.partition);
      // Out of time: the rest is read again (what was sent is committed with a later batch).
      if (Date.now() > until && i + 1 < messages.length) return { rewindTo: messages[i + 1].offset };
    }
  }

  /** undefined when the receiver took it (2xx), else why not. */
  private async post(m: InMessage): Promise<string | undefined> {
    const body = m.value?.toString('utf8') ?? '';
    const timestamp = Math.floor(Date.now() / 1000);
    const version = m.headers[HEADERS.projectionVersion] ?? '';
    const timer = this.metrics.postSeconds.startTimer({ subscription: this.name });
    try {
      const res = await fetch(this.delivery.url, {
        method: 'POST',
        body,
        redirect: 'manual',
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(this.delivery.timeoutSeconds * 1000),
        headers: {
          'content-type': m.headers[HEADERS.contentType] ?? 'application/json',
          [WEBHOOK_HEADERS.signature]: webhookSignature(this.secret, timestamp, body),
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.delivery]: `${m.key?.toString() ?? ''}:${version}`,
          [WEBHOOK_HEADERS.signal]: m.headers[HEADERS.signal] ?? '',
          [HEADERS.traceId]: m.headers[HEADERS.traceId] ?? '',
        },
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.ok ? undefined : `HTTP ${res.status}`;
    } catch (error) {
      return (error as Error).name === 'TimeoutError'
        ? `no answer in ${this.delivery.timeoutSeconds} s`
        : String((error as Error).cause ?? error);
    } finally {
      timer();
    }
  }

  private async deadLetter(m: InMessage, head: Head): Promise<void> {
    await this.dlq.producer.send([
      deadLetter(
        m,
        this.dlq.topic,
        `webhook.${this.name}`,
        'PROCESSING_FAILED',
        `${head.attempts} attempts, the last: ${head.lastError}`,
      ),
    ]);
    this.metrics.deadLettered.inc({ subscription: this.name });
    this.logger.error(
      {
        subscription: this.name,
        articleId: m.key?.toString(),
        attempts: head.attempts,
        error: head.lastError,
      },
      'webhook delivery dead-lettered',
    );
  }
}
