import type { IngestMetrics, Logger } from '@newswire/observability';

export interface FeedStatus {
  feed: string;
  kind: string;
  lastSuccess?: string;
  /** Since when every attempt has failed (unset while the feed works). */
  failingSince?: string;
  lastError?: { kind: string; message: string; at: string };
  published: number;
  unchanged: number;
  /** Failing for longer than the feed's threshold. */
  failing: boolean;
}

/**
 * Each feed's health: its successes and failures feed the metrics and /health, and a feed failing
 * for longer than its threshold logs ONE warning (and one line when it recovers), not one per poll.
 */
export class FeedHealth {
  private readonly feeds = new Map<string, FeedStatus & { thresholdMs: number; warned: boolean }>();

  constructor(
    private readonly metrics: IngestMetrics,
    private readonly logger: Logger,
  ) {}

  register(feed: string, kind: string, failingAfterSeconds: number): void {
    this.feeds.set(feed, {
      feed,
      kind,
      published: 0,
      unchanged: 0,
      failing: false,
      thresholdMs: failingAfterSeconds * 1000,
      warned: false,
    });
  }

  succeeded(feed: string, published: number, unchanged: number, at = new Date()): void {
    const f = this.feeds.get(feed)!;
    f.lastSuccess = at.toISOString();
    f.published += published;
    f.unchanged += unchanged;
    this.metrics.lastSuccess.set({ feed }, at.getTime() / 1000);
    if (published) this.metrics.published.inc({ feed }, published);
    if (unchanged) this.metrics.unchanged.inc({ feed }, unchanged);
    if (f.warned) this.logger.info({ feed, failingSince: f.failingSince }, `feed ${feed} recovered`);
    f.failingSince = undefined;
    f.failing = false;
    f.warned = false;
  }

  failed(feed: string, kind: string, message: string, at = new Date()): void {
    const f = this.feeds.get(feed)!;
    this.metrics.errors.inc({ feed, kind });
    f.lastError = { kind, message, at: at.toISOString() };
    f.failingSince ??= at.toISOString();
    f.failing = at.getTime() - Date.parse(f.failingSince) >= f.thresholdMs;
    this.logger.debug({ feed, kind, reason: message }, 'feed attempt failed');
    if (f.failing && !f.warned) {
      f.warned = true;
      this.logger.warn(
        { feed, kind, reason: message, failingSince: f.failingSince },
        `feed ${feed} has been failing since ${f.failingSince}: ${message}`,
      );
    }
  }

  statuses(now = new Date()): FeedStatus[] {
    return [...this.feeds.values()].map(({ thresholdMs, warned: _w, ...s }) => ({
      ...s,
      failing: s.failingSince !== undefined && now.getTime() - Date.parse(s.failingSince) >= thresholdMs,
    }));
  }
}
