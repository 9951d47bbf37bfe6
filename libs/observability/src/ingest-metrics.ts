import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The ingest app's per-feed metrics, beside the stage metrics in the same registry. */
export class IngestMetrics {
  readonly lastSuccess: Gauge<'feed'>;
  readonly published: Counter<'feed'>;
  readonly unchanged: Counter<'feed'>;
  readonly errors: Counter<'feed' | 'kind'>;
  readonly fetchSeconds: Histogram<'feed'>;

  constructor(registry: Registry) {
    this.lastSuccess = new Gauge({
      name: 'newswire_ingest_last_success_timestamp_seconds',
      help: 'When the feed last polled, took a file or took a push without error (Unix time)',
      labelNames: ['feed'],
      registers: [registry],
    });
    this.published = new Counter({
      name: 'newswire_ingest_items_published_total',
      help: 'Items written to wire.raw.v1 (their transaction committed)',
      labelNames: ['feed'],
      registers: [registry],
    });
    this.unchanged = new Counter({
      name: 'newswire_ingest_items_unchanged_total',
      help: 'Items fetched again whose content had not changed since they were sent (not sent again)',
      labelNames: ['feed'],
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'newswire_ingest_errors_total',
      help: 'Failed polls, files and pushes, by kind (timeout, http_5xx, http_4xx, rate_limited, too_large, redirects, network, parse, kafka, io)',
      labelNames: ['feed', 'kind'],
      registers: [registry],
    });
    this.fetchSeconds = new Histogram({
      name: 'newswire_ingest_fetch_seconds',
      help: 'Time of one HTTP poll, from request to the whole body',
      labelNames: ['feed'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }
}
