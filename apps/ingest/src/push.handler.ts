import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HttpPushFeed } from '@newswire/ingest';
import type { FeedHealth } from './feed-health';
import type { IngestLog } from './ingest-log';
import { rawMessage } from './raw-message';

export interface PushAnswer {
  status: number;
  body: Record<string, unknown>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Whether the request's bearer token hashes to the feed's (compared in constant time). */
function tokenMatches(req: IncomingMessage, feed: HttpPushFeed): boolean | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  return timingSafeEqual(sha256(m[1]), Buffer.from(feed.tokenSha256, 'hex'));
}

/** The body, or undefined once it passes `maxBytes` (the rest is not read). */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length']) > maxBytes) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * `POST /ingest/:feed`: a partner's story, sent as it came (its content type kept as the header),
 * answered 202 with its trace id once its transaction has committed; 401 without a token, 403 with
 * a wrong one, 413 past the feed's size limit, 503 when Kafka did not take it (nothing was written:
 * send it again).
 */
export async function handlePush(
  req: IncomingMessage,
  feed: HttpPushFeed & { maxBytes: number },
  log: IngestLog,
  rawTopic: string,
  health: FeedHealth,
): Promise<PushAnswer> {
  const token = tokenMatches(req, feed);
  if (token === undefined) return { status: 401, body: { error: 'a bearer token is required' } };
  if (!token) return { status: 403, body: { error: 'the token is not this feed’s' } };
  const body = await readBody(req, feed.maxBytes);
  if (body === undefined) {
    health.failed(feed.id, 'too_large', `a push over ${feed.maxBytes} bytes`);
    return { status: 413, body: { error: `the body is over the feed's limit of ${feed.maxBytes} bytes` } };
  }
  if (body.length === 0) return { status: 400, body: { error: 'the body is empty' } };
  const contentType = req.headers['content-type'];
  try {
    const traceId = await log.submit(() => {
      const { message, traceId } = rawMessage(rawTopic, feed.id, body, contentType, new Date());
      return { raw: [message], writes: [], result: traceId };
    });
    health.succeeded(feed.id, 1, 0);
    return { status: 202, body: { traceId } };
  } catch (error) {
    health.failed(feed.id, 'kafka', (error as Error).message);
    return { status: 503, body: { error: 'not accepted: Kafka did not take it; send it again' } };
  }
}
