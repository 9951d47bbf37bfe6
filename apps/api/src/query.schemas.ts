import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

/** Query of GET /articles, validated at the edge; a failure is a 400 that says what is wrong. */
export const ArticleSearchQuery = z
  .object({
    outlet: z
      .string()
      .regex(/^[a-z0-9:-]{1,64}$/, 'an outlet id such as irib or unnamed:state-media')
      .optional(),
    since: isoDate.optional(),
    until: isoDate.optional(),
    q: z.string().min(1).max(200).optional(),
    status: z.enum(['published', 'withdrawn']).optional(),
    language: z
      .string()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a BCP-47 language tag')
      .optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ArticleSearchQuery = z.infer<typeof ArticleSearchQuery>;

export const ArticleId = z.string().regex(/^[A-Za-z0-9_:.-]{1,128}$/, 'an article id');
export const VersionNumber = z.coerce.number().int().min(1, 'a version number from 1');
export const DiffQuery = z.object({ from: VersionNumber, to: VersionNumber }).strict();
