/**
 * One poll of an http-poll feed over Node's fetch: conditional (ETag, Last-Modified), with a
 * deadline over the whole exchange, a size limit read as the body streams, and redirects followed
 * by hand up to a bound. Credentials go to the feed's own origin only: never across a redirect to
 * another. Shared by the ingest app and `newswire feeds test` (I/O, but no framework or broker).
 */
import { retryAfterMs } from './poll-schedule';

export type FetchErrorKind =
  'timeout' | 'http_5xx' | 'http_4xx' | 'rate_limited' | 'too_large' | 'redirects' | 'network';

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface FetchRequest {
  url: string;
  /** Sent to the feed's own origin only (auth among them). */
  headers: Record<string, string>;
  etag?: string;
  lastModified?: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export type FetchResult =
  | { status: 'not-modified' }
  | { status: 'ok'; bytes: Buffer; contentType?: string; etag?: string; lastModified?: string; url: string };

export async function fetchFeed(req: FetchRequest, now: () => Date = () => new Date()): Promise<FetchResult> {
  const signal = AbortSignal.timeout(req.timeoutMs);
  const origin = new URL(req.url).origin;
  let url = req.url;
  try {
    for (let hop = 0; ; hop++) {
      const sameOrigin = new URL(url).origin === origin;
      const res = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: {
          'user-agent': 'newswire-ingest',
          accept: 'application/rss+xml, application/atom+xml, application/xml, application/json, */*;q=0.5',
          ...(sameOrigin ? req.headers : {}),
          ...(sameOrigin && req.etag ? { 'if-none-match': req.etag } : {}),
          ...(sameOrigin && req.lastModified ? { 'if-modified-since': req.lastModified } : {}),
        },
      });
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (!location) throw new FetchError('http_4xx', `HTTP ${res.status} without a Location`);
        if (hop >= req.maxRedirects)
          throw new FetchError('redirects', `more than ${req.maxRedirects} redirects (last to ${location})`);
        url = new URL(location, url).toString();
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel();
        return { status: 'not-modified' };
      }
      if (res.status === 429 || res.status === 503) {
        await res.body?.cancel();
        const wait = retryAfterMs(res.headers.get('retry-after'), now());
        throw new FetchError(res.status === 429 ? 'rate_limited' : 'http_5xx', `HTTP ${res.status}`, wait);
      }
      if (res.status >= 400) {
        await res.body?.cancel();
        throw new FetchError(res.status >= 500 ? 'http_5xx' : 'http_4xx', `HTTP ${res.status}`);
      }
      const bytes = await readLimited(res, req.maxBytes);
      return {
        status: 'ok',
        bytes,
        contentType: res.headers.get('content-type') ?? undefined,
        etag: res.headers.get('etag') ?? undefined,
        lastModified: res.headers.get('last-modified') ?? undefined,
        url,
      };
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (signal.aborted) throw new FetchError('timeout', `no whole answer within ${req.timeoutMs} ms`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new FetchError('network', cause?.code ?? cause?.message ?? (error as Error).message);
  }
}

/** The body, refused past `maxBytes` (by its Content-Length, or as soon as the stream passes it). */
async function readLimited(res: Response, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new FetchError('too_large', `the answer is over the feed's limit of ${maxBytes} bytes`);
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
