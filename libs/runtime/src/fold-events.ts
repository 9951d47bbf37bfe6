import type { ArticleEvent, ArticleProjection } from '@newswire/contracts';
import { project } from '@newswire/projection';
import type { ArticleChange, FoldedBatch } from '@newswire/storage';

/**
 * Folds a batch of events, in order, over the stored projections of their articles: each changed
 * article once, each new version with the state it was folded from, and the projections whose
 * version changed (what is published). An event already applied (its sequence) changes nothing.
 */
export function foldEvents(
  stored: ReadonlyMap<string, ArticleProjection>,
  events: readonly ArticleEvent[],
): FoldedBatch & { changed: ArticleProjection[] } {
  const state = new Map(stored);
  const versions: ArticleChange[] = [];
  for (const e of events) {
    const before = state.get(e.articleId);
    const after = project(before, e);
    if (after === before) continue;
    state.set(e.articleId, after);
    if (after.version !== (before?.version ?? 0)) versions.push({ before, after });
  }
  const articles = [...state.values()]
    .filter((p) => p !== stored.get(p.articleId))
    .map((after) => ({ before: stored.get(after.articleId), after }));
  const changed = articles
    .filter(({ before, after }) => after.version !== (before?.version ?? 0))
    .map(({ after }) => after);
  return { articles, versions, changed };
}
