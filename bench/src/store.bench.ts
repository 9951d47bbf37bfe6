/**
 * `npm run bench -- store [--articles N] [--batch B] [--rounds R]`
 *
 * The read model's share of a new article, alone: N new articles (the e2e bench's stories, parsed
 * and attributed as the normalizer does) written through the runtime's `applyEvents` (fold + writer transaction), B a
 * transaction, one after another, into a fresh schema; the search index's pending list merged at
 * the end, as the projector does every second. Reported: PostgreSQL's CPU (all its processes) and
 * this process's CPU per article. The baseline, in the same run and interleaved R times: the same
 * writes into a schema without the full-text index (the vector is still computed and stored).
 * What it answers: how much of the two cores a new article costs the database, whatever the apps
 * and the broker do.
 */
import { applyEvents } from '@newswire/runtime';
import type { ArticleEvent } from '@newswire/contracts';
import { defaultRegistry, extractAttributions } from '@newswire/attribution';
import { openReadModelStore } from '@newswire/storage';
import { normalize } from '@newswire/wire-formats';
import { cpus } from 'node:os';
import { namedArgs } from './run-named';
import { benchEnv, dropSchemas, sqlQuery } from './support/bench-env';
import { cpuByPid, cpuSince } from './support/proc-sampler';
import { rawStory } from './support/raw-stories';
import { fmt, printTable } from './support/stats';

/** The ArticlePublished event the curator writes for raw story `i` of `run`. */
function publishedEvent(run: string, i: number): ArticleEvent {
  const registry = defaultRegistry();
  const [story] = normalize(Buffer.from(rawStory(run, i)), {
    contentType: 'application/json',
    source: 'bench-wire',
  });
  const articleId = `${run}${i.toString(36).padStart(8, '0')}`;
  return {
    type: 'ArticlePublished',
    eventId: `${articleId}:1`,
    schemaVersion: 1,
    articleId,
    sequence: 1,
    occurredAt: story.versionCreated ?? '2024-05-23T10:00:00Z',
    causation: {
      topic: 'wire.enriched.v1',
      partition: 0,
      offset: String(i),
      storyKey: `${story.source}:${story.guid}`,
    },
    traceId: `${run}-${i}`,
    payload: {
      story,
      attributions: extractAttributions(story, registry),
      registryVersion: registry.version,
      fingerprints: {
        sha256: (i * 2654435761).toString(16).padStart(64, '0'),
        simhash: (i * 40503).toString(16).padStart(16, '0'),
      },
    },
  };
}

interface Pass {
  dbMicros: number;
  nodeMicros: number;
  perSecond: number;
}

async function pass(
  databaseUrl: string,
  schema: string,
  events: ArticleEvent[],
  batch: number,
  searchIndex: boolean,
): Promise<Pass> {
  const store = await openReadModelStore({ databaseUrl, schema });
  try {
    if (!searchIndex) await sqlQuery(databaseUrl, `drop index "${schema}".articles_search`);
    const db = cpuByPid('postgres');
    const node = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (let i = 0; i < events.length; i += batch)
      await applyEvents(store, {
        events: events.slice(i, i + batch),
        offsets: [{ topic: 'wire', partition: 0, nextOffset: String(i + batch) }],
        group: 'bench',
      });
    if (searchIndex) await store.mergeSearchPending();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(node);
    return {
      dbMicros: (cpuSince('postgres', db) * 1e6) / events.length,
      nodeMicros: (used.user + used.system) / events.length,
      perSecond: events.length / seconds,
    };
  } finally {
    await store.close();
    await dropSchemas(databaseUrl, schema);
  }
}

export async function run(args: string[]): Promise<void> {
  const parsed = namedArgs(args, {
    program: 'npm run bench --',
    name: 'store',
    usage: 'store [--articles N] [--batch B] [--rounds R]',
    help: `PostgreSQL's CPU per new article, with and without the text index.

  --articles N        articles per round (5000)
  --batch B           articles per batch (100)
  --rounds R          rounds (3)`,
    options: { articles: { type: 'string' }, batch: { type: 'string' }, rounds: { type: 'string' } },
  });
  if (!parsed) return;
  const flags = parsed.values;
  const articles = Number(flags.articles ?? 5000);
  const batch = Number(flags.batch ?? 100);
  const rounds = Number(flags.rounds ?? 3);
  const env = benchEnv('store');
  process.stdout.write(
    `store bench: ${fmt(articles)} new articles, ${batch} a transaction, ${rounds} rounds, ${cpus().length} cores, node ${process.version}\n`,
  );
  const results: Record<'with' | 'without', Pass[]> = { with: [], without: [] };
  for (let r = 0; r < rounds; r++) {
    // Each pass its own articles and schema: nothing is cached from the one before.
    const events = (variant: string) =>
      Array.from({ length: articles }, (_, i) => publishedEvent(`s${r}${variant}`, i));
    results.with.push(await pass(env.databaseUrl, `${env.schema}_${r}a`, events('a'), batch, true));
    results.without.push(await pass(env.databaseUrl, `${env.schema}_${r}b`, events('b'), batch, false));
  }
  const range = (list: Pass[], f: (p: Pass) => number) =>
    `${fmt(Math.min(...list.map(f)))}-${fmt(Math.max(...list.map(f)))}`;
  printTable(
    ['read model', 'PostgreSQL CPU µs/article', 'node CPU µs/article', 'articles/s, one writer'],
    (['with', 'without'] as const).map((k) => [
      k === 'with' ? 'as shipped (full-text index)' : 'baseline: no full-text index',
      range(results[k], (p) => p.dbMicros),
      range(results[k], (p) => p.nodeMicros),
      range(results[k], (p) => p.perSecond),
    ]),
  );
  const best = Math.min(...results.with.map((p) => p.dbMicros));
  process.stdout.write(
    `the database alone at its best here: ${fmt(best)} µs of CPU a new article, at most ${fmt((cpus().length * 1e6) / best)} new articles/s on ${cpus().length} cores with nothing else running\n`,
  );
  process.stdout.write(JSON.stringify({ bench: 'store', articles, batch, results }) + '\n');
}
