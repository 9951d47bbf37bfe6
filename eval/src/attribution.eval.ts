/**
 * `npm run eval -- attribution [--verbose] [--explain-hold-out]`: scores libs/attribution on the labelled set in
 * eval/attribution/*.json (plus the shared seed story when it is present). A prediction matches
 * a label when the outlet id is the same ("unnamed" matches any `unnamed:<kind>`) and the
 * predicted sentence contains the label's anchor; each label is matched at most once. Prints
 * precision and recall, overall and per language; exits non-zero below 0.95.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractAttributions } from '@newswire/attribution';
import type { Attribution } from '@newswire/contracts';
import { z } from 'zod';
import {
  claimExactnessOf,
  describe,
  precisionOf,
  realSetDir,
  recallOf,
  scoreRealSet,
  splitSet,
  type RealSetScore,
} from './attribution-real-set';

const THRESHOLD = 0.95;

const Label = z.object({ outlet: z.string().min(1), anchor: z.string().min(1) });
const LabelledStory = z.object({
  _doc: z.string().optional(),
  language: z.string().min(2),
  headline: z.string(),
  body: z.array(z.string()),
  expected: z.array(Label),
});
type LabelledStory = z.infer<typeof LabelledStory>;
type Label = z.infer<typeof Label>;

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

function labelledDir(): string {
  const candidates = [join(process.cwd(), 'eval', 'attribution'), join(__dirname, '..', 'attribution')];
  const dir = candidates.find((d) => existsSync(d) && readdirSync(d).some((f) => f.endsWith('.json')));
  if (!dir) throw new Error(`no labelled set in ${candidates.join(' or ')}`);
  return dir;
}

function loadStories(): Array<{ name: string; story: LabelledStory }> {
  const dir = labelledDir();
  const stories = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f, story: LabelledStory.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))) }));
  return [...stories, ...seedStories()];
}

/** The shared seed story and its expected attributions, when the shared fixtures are mounted. */
function seedStories(): Array<{ name: string; story: LabelledStory }> {
  const seedDir = join(process.cwd(), '..', 'shared', 'fixtures', 'seed');
  const expectedPath = join(seedDir, 'expected-attributions.json');
  if (!existsSync(expectedPath)) return [];
  const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as Record<string, { expected?: Label[] }>;
  return Object.entries(expected)
    .filter(([file, entry]) => !file.startsWith('_') && entry.expected && existsSync(join(seedDir, file)))
    .map(([file, entry]) => {
      const paragraphs = splitParagraphs(readFileSync(join(seedDir, file), 'utf8'));
      const story = {
        language: 'en',
        headline: paragraphs[0] ?? '',
        body: paragraphs.slice(1),
        expected: entry.expected ?? [],
      };
      return { name: `seed/${file}`, story };
    });
}

function splitParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

function outletMatches(label: string, predicted: string): boolean {
  return label === predicted || (label === 'unnamed' && predicted.startsWith('unnamed:'));
}

function score(
  labels: Label[],
  predicted: Attribution[],
): { tally: Tally; misses: Label[]; extras: Attribution[] } {
  const used = new Set<number>();
  const misses: Label[] = [];
  for (const label of labels) {
    const i = predicted.findIndex(
      (p, n) => !used.has(n) && outletMatches(label.outlet, p.outlet.id) && p.sentence.includes(label.anchor),
    );
    if (i >= 0) used.add(i);
    else misses.push(label);
  }
  const extras = predicted.filter((_, n) => !used.has(n));
  return { tally: { tp: used.size, fp: extras.length, fn: misses.length }, misses, extras };
}

const ratio = (num: number, den: number) => (den === 0 ? 1 : num / den);
const fmt = (x: number) => x.toFixed(3);

export async function run(args: string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  const stories = loadStories();
  const byLanguage = new Map<string, Tally>();
  const total: Tally = { tp: 0, fp: 0, fn: 0 };
  const problems: string[] = [];
  for (const { name, story } of stories) {
    const predicted = extractAttributions(story);
    const { tally, misses, extras } = score(story.expected, predicted);
    const lang = story.language.slice(0, 2);
    const t = byLanguage.get(lang) ?? { tp: 0, fp: 0, fn: 0 };
    for (const key of ['tp', 'fp', 'fn'] as const) {
      t[key] += tally[key];
      total[key] += tally[key];
    }
    byLanguage.set(lang, t);
    for (const m of misses) problems.push(`  missed  ${name}: ${m.outlet} "${m.anchor}"`);
    for (const e of extras)
      problems.push(`  extra   ${name}: ${e.outlet.id} [${e.cue}] ${e.sentence.slice(0, 120)}`);
  }
  const labels = total.tp + total.fn;
  const precision = ratio(total.tp, total.tp + total.fp);
  const recall = ratio(total.tp, total.tp + total.fn);
  process.stdout.write(`attribution eval: ${stories.length} stories, ${labels} labelled attributions\n`);
  for (const [lang, t] of [...byLanguage].sort()) {
    process.stdout.write(
      `  ${lang}: precision ${fmt(ratio(t.tp, t.tp + t.fp))}  recall ${fmt(ratio(t.tp, t.tp + t.fn))}  (tp ${t.tp}, fp ${t.fp}, fn ${t.fn})\n`,
    );
  }
  process.stdout.write(`precision ${fmt(precision)}\nrecall    ${fmt(recall)}\n`);
  if (verbose || precision < THRESHOLD || recall < THRESHOLD) {
    if (problems.length > 0) process.stdout.write(problems.join('\n') + '\n');
  }
  if (precision < THRESHOLD || recall < THRESHOLD) {
    process.stdout.write(`FAIL: precision and recall must both be >= ${THRESHOLD}\n`);
    process.exitCode = 1;
  }
  realSet(verbose, args.includes('--explain-hold-out'));
}

/**
 * Floors on the real set, a little under what was reached (see libs/attribution/README.md); the
 * hold-out's floors sit further under, as it is tuned on only when a pass says so and reports it.
 */
const REAL_FLOORS = {
  // Reached 2026-12-07 (third pass): P 1.000, R 0.954 (ar 0.947, en 0.944, fa 0.981), claims 0.952.
  dev: { precision: 0.98, recall: 0.93, language: 0.91, claims: 0.94 },
  // Reached 2026-12-07 (third pass, which read the hold-out's misses: no longer unseen): P 0.985,
  // R 0.957 (ar 1.000, en 0.955, fa 0.933), claims 0.985. Before it: P 0.902, R 0.786.
  holdOut: { precision: 0.95, recall: 0.92, language: 0.85, claims: 0.95 },
};

/**
 * The real set from ../shared: dev part (misses listed with --verbose), then the hold-out (listed
 * only with --explain-hold-out: a pass that looks at it must say its figure is no longer unseen).
 */
function realSet(verbose: boolean, explainHoldOut: boolean): void {
  const dir = realSetDir();
  if (!dir) {
    process.stdout.write('real set skipped: ../shared/corpora/attribution not found\n');
    return;
  }
  const { dev, holdOut } = splitSet(dir);
  const devScore = scoreRealSet(dir, dev, verbose);
  const holdOutScore = scoreRealSet(dir, holdOut, explainHoldOut);
  process.stdout.write(describe('real set, dev part', devScore).join('\n') + '\n');
  if (verbose && devScore.problems.length > 0) process.stdout.write(devScore.problems.join('\n') + '\n');
  process.stdout.write(describe('real set, hold-out (every 4th story)', holdOutScore).join('\n') + '\n');
  if (explainHoldOut && holdOutScore.problems.length > 0)
    process.stdout.write(holdOutScore.problems.join('\n') + '\n');
  const failures = [
    ...belowFloor('dev', devScore, REAL_FLOORS.dev),
    ...belowFloor('hold-out', holdOutScore, REAL_FLOORS.holdOut),
  ];
  for (const f of failures) process.stdout.write(`FAIL: ${f}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

function belowFloor(name: string, s: RealSetScore, floor: (typeof REAL_FLOORS)['dev']): string[] {
  const out: string[] = [];
  const check = (what: string, value: number, min: number) => {
    if (value < min) out.push(`${name} ${what} ${value.toFixed(3)} < ${min}`);
  };
  check('precision', precisionOf(s.all), floor.precision);
  check('recall', recallOf(s.all), floor.recall);
  check('claims exact', claimExactnessOf(s.all), floor.claims);
  for (const [lang, t] of s.byLanguage) check(`recall (${lang})`, recallOf(t), floor.language);
  return out;
}
