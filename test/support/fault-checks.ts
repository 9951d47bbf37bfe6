import { expect } from '@jest/globals';
import { HEADERS, upcastEvent, type TopicNames } from '@newswire/contracts';
import type { InMessage, MessageBus } from '@newswire/kafka';
import type { ReadModelStore } from '@newswire/storage';
import { eventually, readAll } from './kafka-test-env';
import type { ReferenceRun } from './fault-reference';

const sorted = (xs: string[]) => [...xs].sort();

/**
 * The exactly-once claims after a fault, read with read_committed: every story crossed
 * wire.enriched.v1 once, and article.events.v1 holds exactly the reference's
 * events (ids are `articleId:sequence`), each once, with sequences 1..n per article.
 */
export async function expectExactlyOnce(
  bus: MessageBus,
  t: TopicNames,
  reference: ReferenceRun,
  /** Trace ids of messages the test wrote straight onto a stage's topic (poison): left out. */
  injected: ReadonlySet<string> = new Set(),
): Promise<void> {
  const read = async (topic: string) =>
    (await readAll(bus, topic)).filter((m) => !injected.has(m.headers[HEADERS.traceId]));
  const traces = async (topic: string) => (await read(topic)).map((m) => m.headers[HEADERS.traceId]);
  expect(sorted(await traces(t.enriched))).toEqual(sorted(reference.traces));
  const events = (await read(t.events)).map((m) => upcastEvent(JSON.parse(m.value!.toString('utf8'))));
  expect(sorted(events.map((e) => `${e.eventId} ${e.type}`))).toEqual(
    sorted(reference.events.map((e) => `${e.eventId} ${e.type}`)),
  );
  const sequences = new Map<string, number[]>();
  for (const e of events) sequences.set(e.articleId, [...(sequences.get(e.articleId) ?? []), e.sequence]);
  const gaps = [...sequences].filter(([, seq]) => seq.some((s, i) => s !== i + 1));
  expect(gaps).toEqual([]);
}

/** Waits until the read model holds exactly the reference's projections, article by article. */
export async function expectProjections(
  store: ReadModelStore,
  reference: ReferenceRun,
  diagnose: () => string,
  timeoutMs = 90000,
): Promise<void> {
  let last: Record<string, string> = {};
  const same = () => JSON.stringify(last) === JSON.stringify(reference.perArticle);
  await eventually(
    async () => {
      last = Object.fromEntries((await store.digest()).perArticle);
      return same() || undefined;
    },
    timeoutMs,
    500,
    () => {
      const want = Object.keys(reference.perArticle);
      const missing = want.filter((id) => !(id in last)).length;
      const differ = want.filter((id) => id in last && last[id] !== reference.perArticle[id]).length;
      const extra = Object.keys(last).filter((id) => !(id in reference.perArticle)).length;
      return `projections: ${missing} missing, ${differ} differ, ${extra} unexpected\n${diagnose()}`;
    },
  );
  expect(last).toEqual(reference.perArticle);
}

/** The dead-letter records on wire.dlq.v1 (read_committed). */
export function readDlq(bus: MessageBus, t: TopicNames): Promise<InMessage[]> {
  return readAll(bus, t.dlq);
}
