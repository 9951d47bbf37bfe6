import { z } from 'zod';
import { ArticleEvent, CURRENT_EVENT_SCHEMA_VERSION } from './article-events.schema';
import { StageError } from './dlq';

/**
 * `DuplicateReceived` v0: what the first curator wrote before near-duplicate detection existed.
 * Every copy was an exact one, so the payload had no `by`, and `similarity` was optional (always 1).
 */
export const DuplicateReceivedV0Payload = z.object({
  source: z.string(),
  guid: z.string(),
  version: z.number().int().min(1),
  headline: z.string(),
  similarity: z.number().min(0).max(1).optional(),
  receivedAt: z.string(),
});

type RawEvent = { type: string; schemaVersion: number; payload?: unknown } & Record<string, unknown>;

/** One step of the chain: lifts an event of (type, schemaVersion) to schemaVersion + 1. */
const UPCASTERS: Record<string, (event: RawEvent) => RawEvent> = {
  'DuplicateReceived@0': (event) => {
    const p = DuplicateReceivedV0Payload.parse(event.payload);
    return { ...event, schemaVersion: 1, payload: { ...p, by: 'exact', similarity: p.similarity ?? 1 } };
  },
};

const Header = z.looseObject({ type: z.string(), schemaVersion: z.number().int().min(0) });

/**
 * Reads an event of any schemaVersion from the log: lifts it step by step to the current
 * version, then validates it. Throws StageError('SCHEMA_VIOLATION') for an unknown version or
 * an invalid event, so that a reader can dead-letter it with a reason.
 */
export function upcastEvent(raw: unknown): ArticleEvent {
  const header = Header.safeParse(raw);
  if (!header.success)
    throw new StageError('SCHEMA_VIOLATION', `not an article event: ${header.error.message}`);
  let event = header.data as RawEvent;
  try {
    while (event.schemaVersion < CURRENT_EVENT_SCHEMA_VERSION) {
      const step = UPCASTERS[`${event.type}@${event.schemaVersion}`];
      if (!step)
        throw new StageError('SCHEMA_VIOLATION', `no upcaster for ${event.type} v${event.schemaVersion}`);
      event = step(event);
    }
    return ArticleEvent.parse(event);
  } catch (error) {
    if (error instanceof StageError) throw error;
    const reason = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
    throw new StageError('SCHEMA_VIOLATION', `invalid ${event.type} v${event.schemaVersion}: ${reason}`);
  }
}
