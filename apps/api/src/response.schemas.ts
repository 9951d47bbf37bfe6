import { z } from 'zod';
import { ArticleProjection } from '@newswire/contracts';
import { RegistryOutlet } from '@newswire/attribution';

/**
 * The bodies the api answers with. The controllers' return types are derived from these, and the
 * OpenAPI document (openapi.document.ts) is generated from them: what is described is what is sent.
 */
export const Article = ArticleProjection.meta({ id: 'ArticleProjection' });

export const ArticlePage = z
  .object({
    items: z.array(Article),
    nextCursor: z.string().optional().meta({ description: 'pass it as `cursor` for the next page' }),
  })
  .meta({ id: 'ArticlePage', description: 'newest first by firstPublished' });
export type ArticlePage = z.infer<typeof ArticlePage>;

export const ArticleVersions = z
  .object({
    articleId: z.string(),
    versions: z.array(
      z.object({
        version: z.number().int().min(1),
        at: z.string(),
        kind: z.string().meta({ description: 'what made it, as in revisions[].kind' }),
      }),
    ),
  })
  .meta({ id: 'ArticleVersions' });
export type ArticleVersions = z.infer<typeof ArticleVersions>;

export const ArticleDiff = z
  .object({
    articleId: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    changes: z.array(
      z.object({
        field: z.string(),
        from: z.unknown().meta({ description: 'the value in `from`; null when added' }),
        to: z.unknown().meta({ description: 'the value in `to`; null when removed' }),
      }),
    ),
  })
  .meta({
    id: 'ArticleDiff',
    description:
      'for body, one change per paragraph ({index, text} each side); for the lists, one per item added, removed or changed',
  });
export type ArticleDiff = z.infer<typeof ArticleDiff>;

export const OutletList = z
  .object({
    version: z.string().meta({ description: 'the registry version attributions name (registryVersion)' }),
    outlets: z.array(RegistryOutlet.meta({ id: 'Outlet' })),
  })
  .meta({ id: 'OutletList' });
export type OutletList = z.infer<typeof OutletList>;

export const DependencyState = z.looseObject({
  status: z.enum(['up', 'down']),
  message: z.string().optional(),
});

export const Health = z
  .object({
    status: z.literal('ok'),
    details: z.record(z.string(), DependencyState),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof Health>;

/**
 * An error answer, RFC 9457 (application/problem+json). `type` names the kind of problem (a
 * relative URI, listed in the README); `errors` names each offending parameter.
 */
export const Problem = z
  .object({
    type: z.string().meta({ example: '/problems/invalid-parameter' }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    instance: z.string().optional().meta({ description: 'the path that was asked for' }),
    errors: z
      .array(
        z.object({
          in: z.enum(['query', 'path', 'header']),
          parameter: z.string(),
          detail: z.string(),
        }),
      )
      .optional(),
    details: z
      .record(z.string(), DependencyState)
      .optional()
      .meta({ description: 'health: each dependency and its state' }),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;
