import type { ArticleEvent, ArticleProjection } from '@newswire/contracts';
import type { OffsetCommit, ReadModelWriter } from '@newswire/storage';
import { foldEvents } from './fold-events';

/**
 * Folds decoded events over the stored rows and stores them with `offsets`, in one transaction,
 * as the sink does with a batch it has read; returns the projections whose version changed. For
 * callers that hold events rather than messages (tests, benches, the NestJS baseline).
 */
export function applyEvents(
  writer: ReadModelWriter,
  { events, offsets, group }: { events: ArticleEvent[]; offsets: OffsetCommit[]; group: string },
): Promise<ArticleProjection[]> {
  return writer.transaction(async (trx) => {
    const folded = foldEvents(await trx.load([...new Set(events.map((e) => e.articleId))]), events);
    await trx.store(folded, offsets, group);
    return folded.changed;
  });
}
