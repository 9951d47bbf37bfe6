/**
 * `npm run eval -- language [--verbose]`: scores detectLanguage on one-sentence and
 * one-paragraph samples of real copy in ../shared/corpora (eval/src/language-samples.ts), the
 * dev part and the hold-out (every 4th file) apart, and on the samples written for the project
 * (libs/wire-formats/src/detect-language.samples.json). Exits non-zero below a floor; skips
 * when ../shared is absent.
 */
import { detectLanguage } from '@newswire/wire-formats';
import written from '../../libs/wire-formats/src/detect-language.samples.json';
import { languageSamples, type LanguageSample } from './language-samples';
import { sharedPath } from './shared-dir';

/** Reached with eld's small model (dev 398/398, hold-out 128/128, written 22/22), less a small margin. */
const FLOOR = { dev: 0.98, holdOut: 0.97, written: 1 };

interface Score {
  right: number;
  total: number;
  misses: string[];
}

function score(samples: LanguageSample[]): Score {
  const misses: string[] = [];
  for (const s of samples) {
    const got = detectLanguage(s.text);
    if (got !== s.language) misses.push(`  ${s.file} (${s.kind}): ${s.language} read as ${got}`);
  }
  return { right: samples.length - misses.length, total: samples.length, misses };
}

function line(name: string, s: Score, samples: LanguageSample[]): string {
  const languages = [...new Set(samples.map((x) => x.language))].sort().join(' ');
  const share = s.total ? s.right / s.total : 1;
  return `  ${name.padEnd(9)} ${s.right}/${s.total} (${(100 * share).toFixed(1)}%)  languages: ${languages}\n`;
}

export function run(args: string[]): Promise<void> {
  const corpora = sharedPath('corpora');
  if (!corpora) {
    process.stdout.write('language skipped: ../shared/corpora not found (set NEWSWIRE_SHARED)\n');
    return Promise.resolve();
  }
  const { dev, holdOut } = languageSamples(corpora);
  const mine = written.samples.map(([language, text]) => ({
    file: 'written',
    language,
    kind: 'sentence' as const,
    text,
  }));
  const sets = { dev, holdOut, written: mine };
  process.stdout.write('language eval: detectLanguage (eld, small model), share read right\n');
  let below = false;
  for (const [name, samples] of Object.entries(sets) as Array<[keyof typeof FLOOR, LanguageSample[]]>) {
    const s = score(samples);
    process.stdout.write(line(name, s, samples));
    if (s.total === 0 || s.right / s.total < FLOOR[name]) below = true;
    if (s.misses.length && (args.includes('--verbose') || s.right / s.total < FLOOR[name]))
      process.stdout.write(s.misses.join('\n') + '\n');
  }
  if (below) {
    process.stdout.write(`language: BELOW the floor (${JSON.stringify(FLOOR)})\n`);
    process.exitCode = 1;
  }
  return Promise.resolve();
}
