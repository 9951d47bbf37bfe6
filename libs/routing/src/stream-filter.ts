import type { ArticleProjection, ProjectionStatus } from '@newswire/contracts';
import { matchesFilter } from './subscription-filter';
import { textQuery } from './text-query';

/** The filter parameters of GET /articles, as GET /stream takes them. */
export interface StreamQuery {
  outlet?: string;
  since?: string;
  until?: string;
  q?: string;
  status?: ProjectionStatus;
  language?: string;
}

/**
 * The projections a stream with these parameters sends: as GET /articles would find them (since and
 * until compare firstPublished, both inclusive; `language` a tag or its subtags).
 */
export function streamFilter(query: StreamQuery): (p: ArticleProjection) => boolean {
  const text = query.q === undefined ? undefined : textQuery(query.q);
  const filter = {
    outlets: query.outlet === undefined ? undefined : [query.outlet],
    statuses: query.status === undefined ? undefined : [query.status],
    languages: query.language === undefined ? undefined : [query.language],
    firstPublished:
      query.since === undefined && query.until === undefined
        ? undefined
        : { since: query.since, until: query.until },
  };
  return (p) => matchesFilter(filter, p) && (!text || text(p));
}
