import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from '@newswire/observability';

/**
 * One pino line per answered request (method, url, status, ms) at debug level, built from four
 * fields: fastify's own request logging writes two lines through full request and reply
 * serializers. Nothing is hooked unless debug is on; Nest logs a 5xx at error anyway.
 */
export function logRequests(app: NestFastifyApplication, logger: Logger): void {
  if (!logger.isLevelEnabled('debug')) return;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      logger.debug(
        {
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request',
      );
      done();
    });
}
