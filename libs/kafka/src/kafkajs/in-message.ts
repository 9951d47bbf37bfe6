import type { InMessage } from '../message-bus.port';

/** A fetched record as kafkajs shapes it (and clients with a kafkajs-compatible API copy). */
export interface FetchedRecord {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
  timestamp: string;
}

function headersOf(headers: FetchedRecord['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? String(v[0]) : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
  return out;
}

export function toInMessage(topic: string, partition: number, m: FetchedRecord): InMessage {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key ?? null,
    value: m.value ?? null,
    headers: headersOf(m.headers),
    timestamp: m.timestamp,
  };
}
