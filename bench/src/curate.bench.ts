/**
 * `npm run bench -- curate [--articles N] [--stories M] [--sample S]`
 *
 * Folds N synthetic ArticlePublished events, carrying their fingerprints as the curator writes
 * them, into a fresh curator index (the rebuild a restart does), measures the memory the index
 * holds per article, then runs M stories (new, revised, copied, exactly re-sent) through decide +
 * evolve against it. The baseline is a brute-force pairwise comparison of each story against every
 * article of an S-article sample, in the same run; the sample is also folded from events without
 * carried MinHash (written before the field existed), which the fold fingerprints again.
 * Everything runs on one core (Node's main thread); memory is measured after a forced GC.
 */
import type { ArticleEvent, CanonicalStory } from '@newswire/contracts';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runInNewContext } from 'node:vm';
import { namedArgs } from './run-named';
import {
  articleIdOf,
  decide,
  estimateJaccard,
  evolve,
  fingerprint,
  fingerprintsOf,
  guidKey,
  initialIndex,
  defaultDedupConfig,
  minHasher,
} from '@newswire/dedup';
import type { CuratorIndex, CuratorInput, Signature } from '@newswire/dedup';
import { rng, storyOf } from '../../test/support/synthetic-stories';

const SYLLABLES =
  'ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu'.split(
    ' ',
  );

/** A 20,000-word vocabulary, drawn Zipf-like below, as news text is. */
const VOCAB = ((r: () => number) =>
  Array.from({ length: 20000 }, (_, i) => {
    let w = '';
    for (let n = 1 + (i % 3) + Math.floor(r() * 2); n > 0; n--)
      w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    return w;
  }))(rng(42));

/** Zipf-like rank of a uniform draw, u^2.2 of the vocabulary, tabulated: Math.pow per word slowed the corpus. */
const RANK = Uint16Array.from({ length: 1 << 16 }, (_, j) =>
  Math.floor(Math.pow(j / (1 << 16), 2.2) * VOCAB.length),
);

/** One word in 12 is a name (capitalised, as people and places are), so the names index is filled as on real copy. */
const NAME_RATE = 1 / 12;

function corpus(seed: number) {
  const r = rng(seed);
  const word = () => {
    const w = VOCAB[RANK[(r() * (1 << 16)) | 0]];
    return r() < NAME_RATE ? w[0].toUpperCase() + w.slice(1) : w;
  };
  const sentence = () => {
    let s = word();
    for (let n = 11 + Math.floor(r() * 14); n > 0; n--) s += ' ' + word();
    return s + '.';
  };
  const body = () =>
    Array.from({ length: 4 + Math.floor(r() * 4) }, () => Array.from({ length: 2 }, sentence).join(' '));
  return { r, word, sentence, body };
}

const SOURCES = ['afp', 'reuters', 'ap', 'dpa', 'efe', 'ansa', 'xinhua', 'irna'];
const BASE = Date.UTC(2024, 4, 1);

function story(
  source: string,
  guid: string,
  version: number,
  body: string[],
  minute: number,
): CanonicalStory {
  const versionCreated = new Date(BASE + minute * 60000).toISOString().replace('.000', '');
  return storyOf({ source, guid, version, headline: body[0].slice(0, 60), body, versionCreated });
}

function message(s: CanonicalStory, offset: number): CuratorInput {
  return {
    message: {
      schemaVersion: 1,
      traceId: `t${offset}`,
      receivedAt: s.versionCreated!,
      story: s,
      attributions: [],
      registryVersion: 'bench',
    },
    causation: {
      topic: 'wire.enriched.v1',
      partition: 0,
      offset: String(offset),
      storyKey: `${s.source}:${s.guid}`,
    },
  };
}

/** Article i of the synthetic corpus (regenerated on demand, so the corpus itself is never held). */
function articleStory(i: number): CanonicalStory {
  const { body } = corpus(i + 1);
  return story(SOURCES[i % SOURCES.length], `g${i}`, 1, body(), Math.floor(i / 100));
}

const hasher = minHasher(defaultDedupConfig);

/**
 * The log entry that indexed article i, with the fingerprints the curator writes (`carried`), or
 * only the hashes of events written before `fingerprints.minhash` existed.
 */
function published(i: number, carried: boolean): ArticleEvent {
  const s = articleStory(i);
  const fp = fingerprintsOf(fingerprint(s, defaultDedupConfig, hasher), defaultDedupConfig);
  const articleId = articleIdOf(guidKey(s.source, s.guid));
  return {
    eventId: `${articleId}:1`,
    type: 'ArticlePublished',
    schemaVersion: 1,
    articleId,
    sequence: 1,
    occurredAt: s.versionCreated!,
    causation: {
      topic: 'wire.enriched.v1',
      partition: 0,
      offset: String(i),
      storyKey: `${s.source}:${s.guid}`,
    },
    traceId: `t${i}`,
    payload: {
      story: s,
      attributions: [],
      registryVersion: 'bench',
      fingerprints: carried ? fp : { sha256: fp.sha256, simhash: fp.simhash },
    },
  };
}

/** The workload: 40% new stories, 25% revisions, 25% edited copies from another agency, 10% exact re-sends. */
function workload(articles: number, count: number): CuratorInput[] {
  const { r, sentence } = corpus(0xbeef);
  const pick = () => Math.floor(articles - 1 - Math.pow(r(), 3) * Math.min(articles - 1, 200000));
  return Array.from({ length: count }, (_, n) => {
    const kind = r();
    const minute = Math.floor(articles / 100) + n;
    if (kind < 0.4) {
      const { body } = corpus(0x10000000 + n);
      return message(story(SOURCES[n % SOURCES.length], `new${n}`, 1, body(), minute), n);
    }
    const base = articleStory(pick());
    if (kind < 0.65) return message(story(base.source, base.guid, 2, [...base.body, sentence()], minute), n);
    if (kind < 0.9) {
      const edited = base.body.map((p, i) => (i === 0 ? sentence() + ' ' + p : p));
      return message(story('aggregator', `copy${n}`, 1, edited, minute), n);
    }
    return message(story('syndicator', `resend${n}`, 1, base.body, minute), n);
  });
}

/**
 * Makes the log in worker threads, while the fold waits: generating and fingerprinting a million
 * stories costs several times the fold itself, and would otherwise hold the run for minutes.
 */
class LogWriters {
  private readonly workers = Array.from(
    { length: Math.max(1, availableParallelism()) },
    () => new Worker(__filename, { workerData: { curateBenchWriter: true } }),
  );

  /** Events of articles from..to-1, in order. */
  async published(from: number, to: number): Promise<ArticleEvent[]> {
    const step = Math.ceil((to - from) / this.workers.length);
    const parts = this.workers.map(async (w, n) => {
      const start = Math.min(to, from + n * step);
      w.postMessage({ from: start, to: Math.min(to, start + step) });
      return (await once(w, 'message'))[0] as ArticleEvent[];
    });
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

if (!isMainThread && (workerData as { curateBenchWriter?: boolean })?.curateBenchWriter)
  parentPort!.on('message', ({ from, to }: { from: number; to: number }) =>
    parentPort!.postMessage(Array.from({ length: to - from }, (_, i) => published(from + i, true))),
  );

// `npm run bench` starts node without --expose-gc; the flag can still be set before first use.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Wall and CPU time of the measured sections. The machine may be shared: the rate per CPU second
 * is what one core does, the wall rate what this run got.
 */
class Stopwatch {
  wallMs = 0;
  cpuMs = 0;
  private wall0 = 0;
  private cpu0 = process.cpuUsage();

  start(): void {
    this.cpu0 = process.cpuUsage();
    this.wall0 = performance.now();
  }

  stop(): void {
    this.wallMs += performance.now() - this.wall0;
    const { user, system } = process.cpuUsage(this.cpu0);
    this.cpuMs += (user + system) / 1000;
  }

  rate(n: number, unit: string): string {
    return `${fmt((n / this.wallMs) * 1000)} ${unit}/s (${fmt((n / this.cpuMs) * 1000)} a CPU second)`;
  }
}

export async function run(args: string[]): Promise<void> {
  const parsed = namedArgs(args, {
    program: 'npm run bench --',
    name: 'curate',
    usage: 'curate [--articles N] [--stories M] [--sample S]',
    help: `The curator's index folded from N articles, then M stories through decide + evolve, beside a
brute-force comparison against an S-article sample.

  --articles N        articles in the index (1000000)
  --stories M         stories decided (10000)
  --sample S          articles sampled for the figures (10000)`,
    options: { articles: { type: 'string' }, stories: { type: 'string' }, sample: { type: 'string' } },
  });
  if (!parsed) return;
  const flags = parsed.values;
  const articles = Number(flags.articles ?? 1_000_000);
  const stories = Number(flags.stories ?? 10_000);
  const sampleSize = Math.min(articles, Number(flags.sample ?? 10_000));
  process.stdout.write(
    `curate bench: ${fmt(articles)} articles indexed, ${fmt(stories)} stories, brute-force sample ${fmt(sampleSize)}\n`,
  );

  gc();
  const before = used();
  const index: CuratorIndex = initialIndex();
  const rebuild = new Stopwatch();
  // Events are generated in batches outside the clock: the figure is the fold alone.
  const writers = new LogWriters();
  for (let from = 0; from < articles; from += 10_000) {
    const batch = await writers.published(from, Math.min(articles, from + 10_000));
    rebuild.start();
    for (const e of batch) evolve(index, e);
    rebuild.stop();
  }
  await writers.close();
  gc();
  const perArticle = (used() - before) / articles;
  process.stdout.write(
    `index rebuild (fold of ${fmt(articles)} ArticlePublished): ${(rebuild.wallMs / 1000).toFixed(1)} s, ${rebuild.rate(articles, 'events')}\n`,
  );
  process.stdout.write(`memory per indexed article: ${perArticle.toFixed(0)} B (aim ≤ 600)\n`);

  const inputs = workload(articles, stories);
  const counts: Record<string, number> = {};
  const curate = new Stopwatch();
  curate.start();
  for (const input of inputs) {
    const { decision, events } = decide(input, index);
    for (const e of events) evolve(index, e);
    counts[decision.kind] = (counts[decision.kind] ?? 0) + 1;
  }
  curate.stop();
  process.stdout.write(
    `decide+evolve against ${fmt(articles)} articles: ${curate.rate(stories, 'stories')} (aim ≥ 5,000) ${JSON.stringify(counts)}\n`,
  );

  // Baseline: each story compared pairwise with every article of a sample.
  const sample = initialIndex();
  const first = articles - sampleSize;
  const sigs: Signature[] = [];
  const legacy = Array.from({ length: sampleSize }, (_, i) => published(first + i, false));
  const legacyFold = new Stopwatch();
  legacyFold.start();
  for (const e of legacy) evolve(sample, e);
  legacyFold.stop();
  for (const e of legacy)
    if (e.type === 'ArticlePublished') sigs.push(sample.fingerprint(e.payload.story).signature);
  process.stdout.write(
    `index rebuild from ${fmt(sampleSize)} events without carried MinHash (text fingerprinted again): ${legacyFold.rate(sampleSize, 'events')}\n`,
  );
  const probes = inputs.slice(0, Math.min(stories, 1000));
  let agree = 0;
  let bruteMs = 0;
  let lshMs = 0;
  for (const input of probes) {
    const fp = sample.fingerprint(input.message.story);
    let s0 = performance.now();
    let best = 0;
    for (const sig of sigs) best = Math.max(best, estimateJaccard(sig, fp.signature, hasher));
    bruteMs += performance.now() - s0;
    s0 = performance.now();
    const kind = decide(input, sample).decision.kind;
    lshMs += performance.now() - s0;
    const bruteSame = best >= defaultDedupConfig.duplicateThreshold;
    if (bruteSame === (kind === 'duplicate' || kind === 'revised' || kind === 'replay')) agree++;
  }
  process.stdout.write(
    `brute force over a ${fmt(sampleSize)}-article sample: ${fmt((probes.length / bruteMs) * 1000)} stories/s; ` +
      `index over the same sample: ${fmt((probes.length / lshMs) * 1000)} stories/s; decisions agree on ${((agree / probes.length) * 100).toFixed(1)}% of ${fmt(probes.length)} stories\n`,
  );
}
