import { HEADERS } from '@newswire/contracts';
import { splitDocument } from '@newswire/ingest';
import type { MessageBus } from '@newswire/kafka';
import { readAll } from './kafka-test-env';

export interface RawItem {
  feed: string;
  id: string;
  hash: string;
  traceId: string;
  contentType?: string;
  bytes: Buffer;
}

/** Every message of wire.raw.v1, read as the item it carries (the splitter names it again). */
export async function rawItems(bus: MessageBus, topic: string): Promise<RawItem[]> {
  return (await readAll(bus, topic)).map((m) => {
    const [item] = splitDocument(m.value!, {
      contentType: m.headers[HEADERS.contentType],
      maxBytes: 64 * 1024 * 1024,
    }).items;
    return {
      feed: m.headers[HEADERS.wireSource],
      id: item.id,
      hash: item.hash,
      traceId: m.headers[HEADERS.traceId],
      contentType: m.headers[HEADERS.contentType],
      bytes: m.value!,
    };
  });
}

/** `feed/id` of every item sent more than once with the same content. */
export function doubled(items: RawItem[]): string[] {
  const seen = new Map<string, number>();
  for (const i of items) {
    const k = `${i.feed}/${i.id}/${i.hash}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`);
}
