import { HEADERS, StageError, upcastEvent, type ArticleEvent } from '@newswire/contracts';
import type { InMessage, OutMessage } from '../message-bus.port';

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

/**
 * An event as it is read from the log, lifted to the current schema version. Throws
 * StageError('MALFORMED') for a value that is not JSON, as every stage calls it, and upcastEvent's
 * SCHEMA_VIOLATION for one that is not a valid event: reasons a reader dead-letters it with.
 */
export function articleEventOf(m: InMessage): ArticleEvent {
  let json: unknown;
  try {
    json = JSON.parse(m.value?.toString('utf8') ?? '');
  } catch (error) {
    throw new StageError('MALFORMED', `not JSON: ${(error as Error).message}`);
  }
  return upcastEvent(json);
}
