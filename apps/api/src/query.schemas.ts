import { z } from 'zod';

/**
 * A time PostgreSQL can store: ISO 8601 with an offset, or a date. The ISO grammar allows the year
 * 0000, which PostgreSQL refuses ("date/time field value out of range"): years start at 0001.
 */
const isoTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .refine((v) => !v.startsWith('0000'), 'years start at 0001')
  .meta({ description: 'ISO 8601 time with an offset, or a date', example: '2024-05-20T08:00:00Z' });

/** PostgreSQL text cannot hold U+0000: a parameter with one is refused here, named. */
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((v) => !v.includes('\u0000'), 'must not contain a NUL character');

/** Query of GET /articles, validated at the edge; a failure is a 400 that names each parameter. */
export const ArticleSearchQuery = z
  .object({
    outlet: z
      .string()
      .regex(/^[a-z0-9:-]{1,64}$/, 'an outlet id such as irib or unnamed:state-media')
      .optional()
      .meta({ description: 'outlet id: articles that cite it', example: 'irib' }),
    since: isoTime.optional().meta({ description: 'first published at or after' }),
    until: isoTime.optional().meta({ description: 'first published at or before' }),
    q: text(200)
      .optional()
      .meta({ description: 'full-text search over headline and body (words, "phrases", -not, or)' }),
    status: z.enum(['published', 'withdrawn']).optional(),
    language: z
      .string()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a BCP-47 language tag')
      .optional()
      .meta({ example: 'fa' }),
    cursor: text(500).optional().meta({ description: 'nextCursor of the previous page, unchanged' }),
    limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'page size' }),
  })
  .strict();
export type ArticleSearchQuery = z.infer<typeof ArticleSearchQuery>;

/** Query of GET /stream: the filter parameters of GET /articles (a stream has no pages). */
export const StreamQuery = ArticleSearchQuery.omit({ cursor: true, limit: true });
export type StreamQuery = z.infer<typeof StreamQuery>;

export const StreamHeaders = z.object({
  'last-event-id': z
    .string()
    .optional()
    .meta({ description: 'the id of the last event received: the stream resumes after it' }),
});

export const ArticleId = z
  .string()
  .regex(/^[A-Za-z0-9_:.-]{1,128}$/, 'an article id')
  .meta({ example: 'art_01HZX3' });
export const VersionNumber = z.coerce
  .number()
  .int()
  .min(1, 'a version number from 1')
  .max(2 ** 31 - 1);

export const ArticlePath = z.object({ id: ArticleId });
export const VersionPath = z.object({ id: ArticleId, n: VersionNumber });
export const DiffQuery = z.object({ from: VersionNumber, to: VersionNumber }).strict();
