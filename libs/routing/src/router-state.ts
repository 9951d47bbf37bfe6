import { RouterStateRecord, type DeliveredState } from '@newswire/contracts';

/**
 * The router's state, folded from `router.state.v1`: per article, what each subscriber was sent.
 * A later record of an article replaces the earlier one (the topic is compacted to it).
 */
export class RouterState {
  private readonly articles = new Map<string, Record<string, DeliveredState>>();

  /** Takes in one record's JSON; throws on one that is not a RouterStateRecord. */
  apply(json: string): void {
    const record = RouterStateRecord.parse(JSON.parse(json));
    this.articles.set(record.articleId, record.subscribers);
  }

  of(articleId: string): Record<string, DeliveredState> {
    return this.articles.get(articleId) ?? {};
  }

  set(articleId: string, subscribers: Record<string, DeliveredState>): string {
    this.articles.set(articleId, subscribers);
    return JSON.stringify({ articleId, subscribers } satisfies RouterStateRecord);
  }

  get size(): number {
    return this.articles.size;
  }
}
