import type { ArticleProjection, DeliveredState, Subscription } from '@newswire/contracts';
import { renderDelivery } from './render-delivery';
import { routeDecision } from './route-decision';
import { matchesFilter } from './subscription-filter';

/** One subscriber's copy of an article version: what goes out and what it then holds. */
export interface Delivery {
  subscription: Subscription;
  articleId: string;
  version: number;
  /** `published`, the kind of revision (`correction`, …), `withdrawn` (a kill) or `unmatched`. */
  signal: string;
  body: string;
}

/**
 * A projection routed to every subscription: the deliveries it makes, and each subscriber's state
 * of the article afterwards (`state` is what they held before; subscribers it reached nothing at
 * are left as they were).
 */
export function routeArticle(
  subscriptions: readonly Subscription[],
  state: Readonly<Record<string, DeliveredState>>,
  p: ArticleProjection,
): { deliveries: Delivery[]; state: Record<string, DeliveredState> } {
  const next = { ...state };
  const deliveries: Delivery[] = [];
  for (const subscription of subscriptions) {
    const decision = routeDecision(state[subscription.name], p, matchesFilter(subscription.filter, p));
    if (decision.action === 'none') continue;
    next[subscription.name] = decision.next;
    deliveries.push({
      subscription,
      articleId: p.articleId,
      version: p.version,
      signal: decision.signal,
      body: renderDelivery(p, subscription.format, decision.action === 'withdraw'),
    });
  }
  return { deliveries, state: next };
}
