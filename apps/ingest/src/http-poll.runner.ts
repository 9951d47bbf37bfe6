import { readSecret } from '@newswire/config';
import {
  FetchError,
  authHeaders,
  fetchFeed,
  httpWrite,
  nextPollDelayMs,
  seenWrite,
  splitDocument,
  type HttpPollFeed,
} from '@newswire/ingest';
import { StageError } from '@newswire/contracts';
import type { IngestMetrics, Logger } from '@newswire/observability';
import type { FeedHealth } from './feed-health';
import type { IngestLog } from './ingest-log';
import { rawMessage } from './raw-message';

/**
 * One http-poll feed: polls, splits the document into items, sends the new and changed ones with
 * the feed's validators in one transaction, and waits its interval (with jitter), longer after
 * failures (doubling) and at least what a Retry-After asked.
 */
export class HttpPollRunner {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private current?: Promise<void>;
  private failures = 0;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly feed: HttpPollFeed & { maxBytes: number },
    private readonly log: IngestLog,
    private readonly rawTopic: string,
    private readonly health: FeedHealth,
    private readonly metrics: IngestMetrics,
    private readonly logger: Logger,
  ) {
    // Resolved once at start: a missing secret stops the app, naming where it looked.
    this.headers = { ...feed.headers, ...authHeaders(feed.auth, (ref) => readSecret(ref)) };
  }

  start(): void {
    // The first poll at a random point of the first interval: a restart does not poll every feed at once.
    this.schedule(Math.random() * Math.min(this.feed.intervalSeconds * 1000, 5000));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.poll().then((retryAfter) => {
        this.current = undefined;
        this.schedule(nextPollDelayMs(this.feed, this.failures, retryAfter));
      });
    }, ms);
  }

  /** One poll; resolves with the server's Retry-After, if it gave one. */
  async poll(): Promise<number | undefined> {
    const { id } = this.feed;
    const started = Date.now();
    try {
      const validators = this.log.state.feed(id).http;
      const fetched = await fetchFeed({
        url: this.feed.url,
        headers: this.headers,
        etag: validators?.etag,
        lastModified: validators?.lastModified,
        timeoutMs: this.feed.timeoutSeconds * 1000,
        maxBytes: this.feed.maxBytes,
        maxRedirects: this.feed.maxRedirects,
      });
      this.metrics.fetchSeconds.observe({ feed: id }, (Date.now() - started) / 1000);
      if (fetched.status === 'not-modified') {
        this.failures = 0;
        this.health.succeeded(id, 0, 0);
        return undefined;
      }
      const doc = splitDocument(fetched.bytes, {
        contentType: this.feed.contentType ?? fetched.contentType,
        maxBytes: this.feed.maxBytes,
      });
      const { published, unchanged } = await this.log.submit((state) => {
        const now = new Date();
        const changed = state.changed(id, doc.items);
        const known = state.feed(id).http;
        const writes = changed.map((i) => seenWrite(id, 'item', i.id, i.hash, now));
        if (known?.etag !== fetched.etag || known?.lastModified !== fetched.lastModified)
          writes.push(httpWrite(id, fetched, now));
        writes.push(...state.forgotten(id, 'item', new Set(doc.items.map((i) => i.id)), now));
        return {
          raw: changed.map((i) => rawMessage(this.rawTopic, id, i.bytes, i.contentType, now).message),
          writes,
          result: { published: changed.length, unchanged: doc.items.length - changed.length },
        };
      });
      this.failures = 0;
      this.health.succeeded(id, published, unchanged);
      if (published) this.logger.info({ feed: id, published, unchanged }, 'feed polled');
      return undefined;
    } catch (error) {
      this.failures++;
      const kind = error instanceof FetchError ? error.kind : error instanceof StageError ? 'parse' : 'kafka';
      this.health.failed(id, kind, (error as Error).message);
      return error instanceof FetchError ? error.retryAfterMs : undefined;
    }
  }
}
