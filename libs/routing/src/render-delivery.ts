import type { ArticleProjection, SubscriptionFormat } from '@newswire/contracts';
import { toNinjs22, toNinjs31, type NinjsStory } from '@newswire/wire-formats';

export const FORMAT_CONTENT_TYPES: Record<SubscriptionFormat, string> = {
  'ninjs-3.1': 'application/ninjs+json; version=3.1',
  'ninjs-2.2': 'application/ninjs+json; version=2.2',
  'newswire-json': 'application/json',
};

/**
 * The article as a subscriber in this format gets it. `canceled`: it is withdrawn from that
 * subscriber (it stopped matching), so it goes out as a withdrawn article does: ninjs `pubStatus:
 * canceled`, newswire JSON `status: withdrawn`.
 */
export function renderDelivery(p: ArticleProjection, format: SubscriptionFormat, canceled = false): string {
  const withdrawn = canceled || p.status === 'withdrawn';
  switch (format) {
    case 'newswire-json':
      return JSON.stringify(withdrawn ? { ...p, status: 'withdrawn' } : p);
    case 'ninjs-3.1':
      return JSON.stringify(toNinjs31(ninjsStory(p, withdrawn)));
    case 'ninjs-2.2':
      return JSON.stringify(toNinjs22(ninjsStory(p, withdrawn)));
  }
}

/**
 * The article's ninjs identity is newswire's, not one wire's: its uri names the article, and its
 * version is the projection's, so every revision, copy or kill of it is a later version of ONE item.
 */
function ninjsStory(p: ArticleProjection, withdrawn: boolean): NinjsStory {
  return {
    source: p.sources[0]?.source ?? 'newswire',
    guid: `urn:newswire:article:${p.articleId}`,
    version: p.version,
    pubStatus: withdrawn ? 'canceled' : 'usable',
    firstCreated: p.firstPublished || undefined,
    versionCreated: p.lastRevised || undefined,
    language: p.language,
    headline: p.headline,
    subheadline: p.standfirst,
    dateline: p.dateline,
    body: p.body,
    subjects: p.subjects ?? [],
    urgency: p.urgency,
  };
}
