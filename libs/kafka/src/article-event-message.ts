import { HEADERS, type ArticleEvent } from '@newswire/contracts';
import type { OutMessage } from './message-bus.port';

/** An event as it is written to the log: keyed by article (per-article order), typed in its headers. */
export function articleEventMessage(topic: string, e: ArticleEvent): OutMessage {
  return {
    topic,
    key: e.articleId,
    value: JSON.stringify(e),
    headers: {
      [HEADERS.traceId]: e.traceId,
      [HEADERS.eventType]: e.type,
      [HEADERS.schemaVersion]: String(e.schemaVersion),
    },
  };
}
