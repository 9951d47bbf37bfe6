import { STATUS_CODES } from 'node:http';
import type { Problem } from './response.schemas';

/** Seconds a client waits before asking again when the read model cannot answer yet. */
export const RETRY_AFTER_S = 5;

/** An error answer in RFC 9457's shape, with the headers it goes with; thrown by the routes. */
export class ProblemError extends Error {
  constructor(
    readonly problem: Omit<Problem, 'instance'>,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
    this.name = 'ProblemError';
  }
}

type Issue = NonNullable<Problem['errors']>[number];

export function invalidParameters(errors: Issue[]): ProblemError {
  return new ProblemError({
    type: '/problems/invalid-parameter',
    title: 'A parameter is not valid',
    status: 400,
    detail: errors.map((e) => `${e.parameter}: ${e.detail}`).join('; '),
    errors,
  });
}

export function notFound(what: string): ProblemError {
  return new ProblemError({
    type: '/problems/not-found',
    title: 'Not found',
    status: 404,
    detail: `${what} not found`,
  });
}

/** 503 with Retry-After: the read model's tables are not there yet, or its database is out of reach. */
export function unavailable(detail: string, details?: Problem['details']): ProblemError {
  return new ProblemError(
    {
      type: '/problems/unavailable',
      title: 'The read model cannot answer yet',
      status: 503,
      detail,
      details,
    },
    { 'retry-after': String(RETRY_AFTER_S) },
  );
}

/** 503 with Retry-After: GET /stream already serves its API_MAX_STREAMS connections. */
export function tooManyStreams(max: number): ProblemError {
  return new ProblemError(
    {
      type: '/problems/too-many-streams',
      title: 'Too many streams are open',
      status: 503,
      detail: `this api serves at most ${max} streams at once (API_MAX_STREAMS)`,
    },
    { 'retry-after': String(RETRY_AFTER_S) },
  );
}

/** A plain HTTP error (no route, wrong method): RFC 9457's about:blank, titled by its status. */
export function httpProblem(status: number, detail: string): ProblemError {
  return new ProblemError({ type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail });
}

export function internalError(): ProblemError {
  return new ProblemError({
    type: '/problems/internal-error',
    title: 'Internal error',
    status: 500,
    detail: 'the api failed to answer; the error is in its log',
  });
}
