import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fresh from 'fresh';

/**
 * ETag and Cache-Control on every answer. A 200 to GET or HEAD carries a hash of its bytes as
 * ETag, and is a 304 when If-None-Match names it: `fresh` (express's) reads the header as RFC 9110
 * §13.1.2 does (`*`, a list of tags, weak comparison). Answers change as articles are revised, so a
 * cache revalidates them (no-cache); an error carries no ETag and is not stored.
 */
export function httpCaching(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      if (!reply.hasHeader('cache-control'))
        reply.header('cache-control', reply.statusCode < 400 ? 'no-cache' : 'no-store');
      const conditional =
        reply.statusCode === 200 &&
        (request.method === 'GET' || request.method === 'HEAD') &&
        reply.getHeader('cache-control') !== 'no-store' &&
        (typeof payload === 'string' || Buffer.isBuffer(payload));
      if (!conditional) return done(null, payload);
      const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
      reply.header('etag', etag);
      // Only If-None-Match is passed: fresh would call any request with `Cache-Control: no-cache`
      // stale, and fetch() adds that to every conditional request. The directive is for caches; an
      // origin server evaluates the condition (RFC 9110 §13.2.1).
      if (!fresh({ 'if-none-match': request.headers['if-none-match'] }, { etag })) return done(null, payload);
      reply.code(304);
      done(null, '');
    });
}
