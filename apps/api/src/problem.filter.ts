import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@newswire/observability';
import { StorageError, unavailableBecause } from '@newswire/storage';
import { httpProblem, internalError, invalidParameters, ProblemError, unavailable } from './problem';

const UNAVAILABLE = {
  'not-migrated': 'the read model has no tables yet: its writer (the projector) has not made them',
  unreachable: 'the read model database does not answer',
} as const;

/** Every error answer as application/problem+json (RFC 9457), never cached. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const { problem, headers } = this.problemOf(error, request);
    void http
      .getResponse<FastifyReply>()
      .status(problem.status)
      .headers({ ...headers, 'content-type': 'application/problem+json', 'cache-control': 'no-store' })
      .send(JSON.stringify({ ...problem, instance: request.url }));
  }

  private problemOf(error: unknown, request: FastifyRequest): ProblemError {
    if (error instanceof ProblemError) return error;
    if (error instanceof StorageError && (error.code === 'BAD_CURSOR' || error.code === 'BAD_QUERY'))
      return invalidParameters([
        { in: 'query', parameter: error.parameter ?? 'query', detail: error.message },
      ]);
    const why = unavailableBecause(error);
    if (why) return unavailable(UNAVAILABLE[why]);
    if (error instanceof HttpException) return httpProblem(error.getStatus(), error.message);
    // fastify's own refusals (a body too large, a malformed header) carry their status.
    const status = (error as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return httpProblem(status, (error as Error).message);
    this.logger.error({ err: error, method: request.method, url: request.url }, 'request failed');
    return internalError();
  }
}
