import type { OutMessage } from '../message-bus.port';

/**
 * kafkajs writes all of one send's messages for a partition as ONE record batch, which the broker
 * refuses past the topic's max.message.bytes: split a send into parts of at most this many bytes.
 */
const SEND_PART_BYTES = 1024 * 1024;

/** About the bytes a message takes in a record: key, value, headers. */
export function sizeOf(m: OutMessage): number {
  const len = (v: string | Buffer | null | undefined) =>
    v == null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length;
  let n = len(m.key) + len(m.value) + 64;
  for (const [k, v] of Object.entries(m.headers ?? {})) n += k.length + Buffer.byteLength(v);
  return n;
}

/** The messages in consecutive parts of at most SEND_PART_BYTES (a larger message goes alone). */
export function sendParts(messages: OutMessage[]): OutMessage[][] {
  const parts: OutMessage[][] = [];
  let part: OutMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = sizeOf(m);
    if (part.length > 0 && bytes + size > SEND_PART_BYTES) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(m);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

/** Groups messages by topic for one send call (one request per broker rather than per message). */
export function topicMessages(messages: OutMessage[]) {
  const byTopic = new Map<
    string,
    {
      key?: string | Buffer | null;
      value: string | Buffer | null;
      headers?: Record<string, string>;
      partition?: number;
    }[]
  >();
  for (const { topic, ...m } of messages) {
    let list = byTopic.get(topic);
    if (!list) byTopic.set(topic, (list = []));
    list.push(m);
  }
  return [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs }));
}
