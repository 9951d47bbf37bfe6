import { Counter, Histogram, type Registry } from 'prom-client';

/** The router's per-subscriber webhook metrics, beside the stage metrics in the same registry. */
export class WebhookMetrics {
  readonly delivered: Counter<'subscription'>;
  readonly failedAttempts: Counter<'subscription'>;
  readonly deadLettered: Counter<'subscription'>;
  readonly postSeconds: Histogram<'subscription'>;

  constructor(registry: Registry) {
    this.delivered = new Counter({
      name: 'newswire_webhook_delivered_total',
      help: 'Deliveries the receiver took (answered 2xx)',
      labelNames: ['subscription'],
      registers: [registry],
    });
    this.failedAttempts = new Counter({
      name: 'newswire_webhook_failed_attempts_total',
      help: 'Attempts that failed (not 2xx, no answer in time, no connection), each retried or dead-lettered',
      labelNames: ['subscription'],
      registers: [registry],
    });
    this.deadLettered = new Counter({
      name: 'newswire_webhook_dead_lettered_total',
      help: "Deliveries sent to the subscriber's dead letters after their last attempt",
      labelNames: ['subscription'],
      registers: [registry],
    });
    this.postSeconds = new Histogram({
      name: 'newswire_webhook_post_seconds',
      help: 'Time of one POST, from request to answer',
      labelNames: ['subscription'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }
}
