import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { HEADERS } from '@newswire/contracts';
import {
  ArticlePath,
  ArticleSearchQuery,
  DiffQuery,
  StreamHeaders,
  StreamQuery,
  VersionPath,
} from './query.schemas';
import {
  Article,
  ArticleDiff,
  ArticlePage,
  ArticleVersions,
  Health,
  OutletList,
  Problem,
} from './response.schemas';

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});
const retryAfter = z.object({
  'retry-after': z.string().meta({ description: 'seconds to wait before asking again' }),
});
const unavailable = {
  ...problem('the read model has no tables yet, or its database does not answer'),
  headers: retryAfter,
};
const cached = z.object({
  etag: z.string().meta({ description: 'a hash of the body; send it back as If-None-Match' }),
  'cache-control': z.string().meta({ example: 'no-cache' }),
});

/** What every route over the read model may answer besides its 200. */
const readModelErrors: ZodOpenApiResponsesObject = {
  '400': problem('a parameter is not valid: `errors` names each one'),
  '404': problem('no such article or version'),
  '500': problem('the api failed; the error is in its log'),
  '503': unavailable,
};

const read = (
  summary: string,
  ok: ZodOpenApiResponseObject,
  requestParams: ZodOpenApiOperationObject['requestParams'],
  tags = ['articles'],
): ZodOpenApiOperationObject => ({
  summary,
  tags,
  requestParams,
  responses: {
    '200': ok,
    '304': { description: 'not modified: If-None-Match named its ETag' },
    ...readModelErrors,
  },
});

/**
 * The api's OpenAPI 3.1 description, generated from the zod schemas its routes validate with and
 * answer in (query.schemas.ts, response.schemas.ts). Served at /docs/json; apps/api/openapi/ holds a
 * copy and the client types generated from it (`npm run openapi`), checked current by a unit test.
 */
export function openApiDocument() {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'newswire',
      version: '1',
      description:
        'Versioned article projections: who reported what, every revision, copies and related stories. ' +
        'Every error is application/problem+json (RFC 9457).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    paths: {
      '/articles': {
        get: {
          ...read(
            'Search articles by outlet cited, time, text, status and language (cursor pagination)',
            { ...json(ArticlePage, 'a page of articles, newest first'), headers: cached },
            { query: ArticleSearchQuery },
          ),
          operationId: 'searchArticles',
        },
      },
      '/articles/{id}': {
        get: {
          ...read(
            'The current projection of an article',
            {
              ...json(Article, 'the projection as stored'),
              headers: cached.extend({
                [HEADERS.projectionVersion]: z.string().meta({ description: 'its version' }),
              }),
            },
            { path: ArticlePath },
          ),
          operationId: 'getArticle',
        },
      },
      '/articles/{id}/versions': {
        get: {
          ...read(
            'Every version of an article: number, time and kind of change',
            { ...json(ArticleVersions, 'its versions, oldest first'), headers: cached },
            { path: ArticlePath },
          ),
          operationId: 'listVersions',
        },
      },
      '/articles/{id}/versions/{n}': {
        get: {
          ...read(
            'One version of an article, as readers saw it then',
            { ...json(Article, 'the projection at that version'), headers: cached },
            { path: VersionPath },
          ),
          operationId: 'getVersion',
        },
      },
      '/articles/{id}/diff': {
        get: {
          ...read(
            'What changed between two versions of an article',
            { ...json(ArticleDiff, 'the changes from `from` to `to`'), headers: cached },
            { path: ArticlePath, query: DiffQuery },
          ),
          operationId: 'diffVersions',
        },
      },
      '/stream': {
        get: {
          summary:
            'Server-sent events of article projections as they change, filtered as /articles is; resumable with Last-Event-ID',
          tags: ['articles'],
          operationId: 'streamArticles',
          requestParams: { query: StreamQuery, header: StreamHeaders },
          responses: {
            '200': {
              description:
                'an endless text/event-stream: `event: article`, `data:` the projection (JSON), `id:` the position to resume from',
              content: { 'text/event-stream': { schema: z.string() } },
            },
            '400': problem('a parameter, or Last-Event-ID, is not valid: `errors` names each one'),
            '503': {
              ...problem('API_MAX_STREAMS streams are open already (`/problems/too-many-streams`)'),
              headers: retryAfter,
            },
          },
        },
      },
      '/outlets': {
        get: {
          summary: 'The outlet registry: names, aliases, kind, country, who controls each outlet',
          tags: ['outlets'],
          operationId: 'listOutlets',
          responses: { '200': { ...json(OutletList, 'the registry in use'), headers: cached } },
        },
      },
      '/asyncapi.json': {
        get: {
          summary: 'The AsyncAPI 3 document of the Kafka topics this deployment writes',
          tags: ['operations'],
          operationId: 'asyncApi',
          responses: {
            '200': {
              ...json(z.record(z.string(), z.unknown()), 'an AsyncAPI 3 document (its own specification)'),
              headers: cached,
            },
          },
        },
      },
      '/health/live': {
        get: {
          summary: 'Liveness: the process answers (queries nothing)',
          tags: ['operations'],
          operationId: 'live',
          responses: { '200': json(z.object({ status: z.literal('ok') }), 'alive') },
        },
      },
      '/health/ready': {
        get: {
          summary: 'Readiness: the read model answers, on a probe connection of its own, within 10 s',
          tags: ['operations'],
          operationId: 'ready',
          responses: {
            '200': json(Health, 'ready'),
            '503': { ...problem('not ready'), headers: retryAfter },
          },
        },
      },
      '/health': {
        get: {
          summary: 'State of every dependency: Kafka and PostgreSQL',
          tags: ['operations'],
          operationId: 'health',
          responses: {
            '200': json(Health, 'all up'),
            '503': { ...problem('one is down'), headers: retryAfter },
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          tags: ['operations'],
          operationId: 'metrics',
          responses: {
            '200': {
              description: 'text exposition format',
              content: { 'text/plain': { schema: z.string() } },
            },
          },
        },
      },
    },
  });
}
