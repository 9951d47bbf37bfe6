/**
 * `npm run eval -- formats [--corpus DIR] [--facts DIR] [--verbose]`: reads every real agency file of
 * ../shared/corpora/formats/ (or NEWSWIRE_SHARED) through `normalize` and checks the facts a
 * newsroom would check, written down per file in eval/formats/<family>.json from the file and its
 * format's spec: headline, byline, dateline, guid, version, status, urgency, slug, first and last
 * body paragraph (their openings), or the refusal code of a file that is no story. Prints facts
 * right per family, for the dev part and the hold-out (every 4th file by sorted name) apart, and
 * the misses; exits 1 below the floor.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CanonicalStory } from '@newswire/contracts';
import { normalize, WireFormatError } from '@newswire/wire-formats';
import { namedArgs } from '../../bench/src/run-named';

/** Share of facts right, on the dev part and on the hold-out, below which the run fails. */
const FLOOR = { dev: 1, holdout: 1 };

type Facts = Record<string, string | number | string[]>;
interface FileFacts {
  file: string;
  /** The refusal code, for a file that is not a story (a picture, an HTML page). */
  error?: string;
  /** How many stories the file holds (feeds, NewsML with several items). */
  count?: number;
  /** Facts of the first stories, in order. */
  stories?: Facts[];
}

/** The story's value for a fact name; paragraph and note facts compare openings. */
function actual(story: CanonicalStory, name: string): unknown {
  switch (name) {
    case 'firstParagraph':
      return story.body[0];
    case 'lastParagraph':
      return story.body[story.body.length - 1];
    case 'paragraphs':
      return story.body.length;
    default: {
      let v: unknown = story;
      for (const part of name.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
      return v;
    }
  }
}

const OPENING = new Set(['firstParagraph', 'lastParagraph', 'editorNote', 'subheadline']);

function factRight(story: CanonicalStory, name: string, expected: Facts[string]): boolean {
  const got = actual(story, name);
  if (Array.isArray(expected)) {
    // Lists (signals, keywords): every expected member present, and nothing for an empty list.
    const list = Array.isArray(got) ? (got as unknown[]).map(String) : [];
    return expected.length === 0 ? list.length === 0 : expected.every((e) => list.includes(e));
  }
  if (expected === '') return got === undefined || got === '';
  if (typeof expected === 'number') return got === expected;
  if (typeof got !== 'string') return false;
  return OPENING.has(name) ? got.startsWith(expected) : got === expected;
}

interface Tally {
  right: number;
  total: number;
  files: number;
  filesRight: number;
}

export async function run(args: string[]): Promise<void> {
  const parsed = namedArgs(args, {
    program: 'npm run eval --',
    name: 'formats',
    usage: 'formats [--corpus DIR] [--facts DIR] [--verbose]',
    help: `Facts right per family on real agency files.

  --corpus DIR        the agency files (../shared/corpora/formats)
  --facts DIR         the facts written per file (eval/formats)
  --verbose           every miss, not only up to 40`,
    options: { corpus: { type: 'string' }, facts: { type: 'string' }, verbose: { type: 'boolean' } },
  });
  if (!parsed) return;
  const flags = parsed.values;
  const shared = process.env.NEWSWIRE_SHARED ?? resolve(process.cwd(), '..', 'shared');
  const corpus = typeof flags.corpus === 'string' ? flags.corpus : join(shared, 'corpora', 'formats');
  if (!existsSync(corpus)) {
    process.stdout.write(`skipped: ${corpus} not found\n`);
    return;
  }
  const factsDir =
    typeof flags.facts === 'string' ? flags.facts : join(__dirname, '..', '..', '..', 'eval', 'formats');
  const all: Array<FileFacts & { family: string }> = readdirSync(factsDir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) =>
      (JSON.parse(readFileSync(join(factsDir, f), 'utf8')) as FileFacts[]).map((e) => ({
        ...e,
        family: f.replace(/\.json$/, ''),
      })),
    )
    .sort((a, b) => (a.file < b.file ? -1 : 1));
  const tallies = new Map<string, Tally>();
  const tally = (key: string) => {
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = { right: 0, total: 0, files: 0, filesRight: 0 }));
    return t;
  };
  const misses: string[] = [];
  all.forEach((entry, i) => {
    const part = i % 4 === 3 ? 'holdout' : 'dev';
    const checks = check(entry, join(corpus, entry.file));
    const right = checks.filter((c) => c.ok).length;
    for (const key of [`${entry.family}|${part}`, `all|${part}`]) {
      const t = tally(key);
      t.right += right;
      t.total += checks.length;
      t.files += 1;
      t.filesRight += right === checks.length ? 1 : 0;
    }
    for (const c of checks.filter((c) => !c.ok)) misses.push(`${part}  ${entry.file}  ${c.what}`);
  });
  const families = [...new Set(all.map((e) => e.family))].sort().concat('all');
  const pct = (t?: Tally) => (t && t.total > 0 ? `${((100 * t.right) / t.total).toFixed(1)}%` : '-');
  const cell = (t?: Tally) =>
    t ? `${t.right}/${t.total} ${pct(t)} (${t.filesRight}/${t.files} files)` : '-';
  process.stdout.write(`facts right per family, ${all.length} real files (hold-out: every 4th by name)\n`);
  process.stdout.write(`${'family'.padEnd(12)} ${'dev'.padEnd(34)} hold-out\n`);
  for (const f of families)
    process.stdout.write(
      `${f.padEnd(12)} ${cell(tallies.get(`${f}|dev`)).padEnd(34)} ${cell(tallies.get(`${f}|holdout`))}\n`,
    );
  if (misses.length > 0 && (flags.verbose || misses.length <= 40))
    process.stdout.write(`\nmisses:\n${misses.map((m) => '  ' + m).join('\n')}\n`);
  const share = (part: 'dev' | 'holdout') => {
    const t = tallies.get(`all|${part}`);
    return t && t.total > 0 ? t.right / t.total : 1;
  };
  const below = (['dev', 'holdout'] as const).filter((p) => share(p) < FLOOR[p]);
  if (below.length > 0) {
    process.stdout.write(
      `\nBELOW FLOOR: ${below.map((p) => `${p} ${(100 * share(p)).toFixed(1)}% < ${100 * FLOOR[p]}%`).join(', ')}\n`,
    );
    process.exitCode = 1;
  }
}

function check(entry: FileFacts, path: string): Array<{ ok: boolean; what: string }> {
  let stories: CanonicalStory[];
  try {
    stories = normalize(readFileSync(path));
  } catch (e) {
    const code = e instanceof WireFormatError ? e.code : 'CRASH';
    if (entry.error) return [{ ok: code === entry.error, what: `refused ${code}, expected ${entry.error}` }];
    const n = 1 + (entry.stories ?? []).reduce((s, f) => s + Object.keys(f).length, 0);
    const why = `refused ${code}: ${(e as Error).message.slice(0, 120)}`;
    return Array.from({ length: n }, () => ({ ok: false, what: why }));
  }
  if (entry.error) return [{ ok: false, what: `read ${stories.length} story(ies), expected ${entry.error}` }];
  const out = [
    {
      ok: stories.length === (entry.count ?? 1),
      what: `count ${stories.length}, expected ${entry.count ?? 1}`,
    },
  ];
  (entry.stories ?? []).forEach((facts, k) => {
    for (const [name, expected] of Object.entries(facts)) {
      const story = stories[k];
      const ok = story !== undefined && factRight(story, name, expected);
      const got = story && actual(story, name);
      out.push({
        ok,
        what: `[${k}] ${name}: got ${JSON.stringify(got)?.slice(0, 100)}, expected ${JSON.stringify(expected).slice(0, 100)}`,
      });
    }
  });
  return out;
}
