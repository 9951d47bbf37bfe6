import { HEADERS, storyKey, upcastEvent, type ArticleEvent } from '@newswire/contracts';
import type { OutMessage } from '@newswire/kafka';
import { appEnv, appLogs, startApp } from './support/app-process';
import { e2eHarness } from './support/e2e-harness';
import { createTopics, eventually, readAll, uniquePrefix } from './support/kafka-test-env';
import { enriched, syntheticStory } from './support/synthetic-stories';

/**
 * The curator's exactly-once claims, on the real broker: a hot standby in the same group takes over
 * when the active curator is SIGKILLed mid-stream, and the log then holds every expected event once,
 * with gapless per-article sequences, and nothing of the dead writer's open transaction.
 */
describe('curator: single writer, hot standby, exactly once', () => {
  const harness = e2eHarness();

  it('survives a SIGKILL of the active curator mid-stream with a correct log after the standby takes over', async () => {
    const prefix = uniquePrefix('curator');
    const t = await createTopics(harness.bus, prefix);
    const env = appEnv(prefix, { BATCH_MAX_MESSAGES: '20' });
    const logs = () => appLogs(harness.apps);

    // 150 new stories, 50 copies of them from another feed, 50 revisions (same guid, version 2).
    const originals = Array.from({ length: 150 }, (_, i) => syntheticStory(i + 1));
    const inputs = [
      ...originals,
      ...originals.slice(0, 50).map((s) => ({ ...s, source: 'wire-b' })),
      ...originals.slice(50, 100).map((s) => ({
        ...s,
        version: 2,
        headline: `${s.headline} (updated)`,
        canonicalText: `${s.canonicalText} updated`,
      })),
    ];
    const messages: OutMessage[] = inputs.map((s, i) => ({
      topic: t.enriched,
      key: storyKey(s),
      value: JSON.stringify(enriched(s, `trace-${i}`)),
      headers: { [HEADERS.traceId]: `trace-${i}` },
    }));

    const active = startApp('curator', env);
    harness.apps.push(active);
    const producer = await harness.bus.producer();
    await producer.send(messages.slice(0, 50));
    await eventually(
      async () => ((await readAll(harness.bus, t.events)).length >= 50 ? true : undefined),
      60000,
      500,
      logs,
    );
    const standby = startApp('curator', env);
    harness.apps.push(standby);
    await eventually(() => (standby.logs().includes('stage consuming') ? true : undefined), 30000, 250, logs);

    // Mid-stream: keep the wire flowing, and kill the active writer while it works through it.
    const sending = (async () => {
      for (let i = 50; i < messages.length; i += 10) {
        await producer.send(messages.slice(i, i + 10));
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const atKill = await eventually(
      async () => {
        const n = (await readAll(harness.bus, t.events)).length;
        return n >= 100 ? n : undefined;
      },
      60000,
      100,
      logs,
    );
    await active.stop('SIGKILL');
    expect(atKill).toBeLessThan(inputs.length);
    await sending;

    const events = await eventually(
      async () => {
        const all = await readAll(harness.bus, t.events);
        return all.length >= inputs.length ? all : undefined;
      },
      90000,
      1000,
      logs,
    );
    // Give a wrongly duplicated write the chance to show up before judging.
    await new Promise((r) => setTimeout(r, 2000));
    const decoded: ArticleEvent[] = (await readAll(harness.bus, t.events)).map((m) =>
      upcastEvent(JSON.parse(m.value!.toString())),
    );
    expect(decoded.length).toBe(events.length);
    const byType = decoded.reduce<Record<string, number>>(
      (n, e) => ({ ...n, [e.type]: (n[e.type] ?? 0) + 1 }),
      {},
    );
    expect(byType).toEqual({ ArticlePublished: 150, DuplicateReceived: 50, ArticleRevised: 50 });
    expect(new Set(decoded.map((e) => e.eventId)).size).toBe(decoded.length);
    const sequences = new Map<string, number[]>();
    for (const e of decoded) sequences.set(e.articleId, [...(sequences.get(e.articleId) ?? []), e.sequence]);
    for (const [articleId, seq] of sequences) {
      expect({ articleId, seq: [...seq].sort((a, b) => a - b) }).toEqual({
        articleId,
        seq: seq.map((_, i) => i + 1),
      });
    }
    expect(standby.logs()).toContain('curator index rebuilt from the event log');
  }, 240000);
});
