/**
 * `npm run bench -- attribute [--stories N] [--seconds S]`
 *
 * Stories per second through `extractAttributions` on one core, for 600-word wire stories with
 * a realistic share of attribution statements, mentions and homonyms, beside the rate of
 * `normalize` on the same stories' plain-text bytes in the same run (the stage before it).
 */
import { extractAttributions, defaultRegistry } from '@newswire/attribution';
import type { CanonicalStory } from '@newswire/contracts';
import { normalize } from '@newswire/wire-formats';
import { namedArgs } from './run-named';
import { rng } from '../../test/support/synthetic-stories';

const WORDS = (
  'the officials said talks would resume next week after a meeting in the capital where leaders discussed ' +
  'security cooperation regional tensions sanctions oil exports prices markets ministers government army ' +
  'forces attack strike border ceasefire negotiations hostages aid convoy hospital protest election court ' +
  'parliament economy inflation currency militia commander drone missile ship port airport province city'
).split(' ');
const OUTLETS = [
  'IRNA',
  'Tasnim',
  'Fars news agency',
  'state broadcaster IRIB',
  "Hezbollah's Al-Manar",
  'SANA',
  'Reuters',
  'AFP',
  'state media',
  'Al Jazeera',
];
const TEMPLATES = [
  (o: string, c: string) => `${c}, ${o} reported.`,
  (o: string, c: string) => `${o} said ${c}.`,
  (o: string, c: string) => `According to ${o}, ${c}.`,
  (o: string, c: string) => `"${c}," a senior official told ${o}.`,
  (o: string, c: string) => `Sanctions on ${o} were tightened as ${c}.`,
  (_o: string, c: string) => `Fars province officials said ${c}.`,
];

function sentence(r: () => number, words: number): string {
  const out = Array.from({ length: words }, () => WORDS[Math.floor(r() * WORDS.length)]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return out.join(' ');
}

/** A ~600-word plain-text wire story: headline, blank line, paragraphs of two or three sentences. */
function storyText(r: () => number): string {
  const paragraphs: string[] = [];
  let words = 0;
  while (words < 600) {
    const parts: string[] = [];
    for (let n = 2 + Math.floor(r() * 2); n > 0; n--) {
      const claim = sentence(r, 12 + Math.floor(r() * 12)).replace(/^./, (c) => c.toLowerCase());
      const text =
        r() < 0.35
          ? TEMPLATES[Math.floor(r() * TEMPLATES.length)](OUTLETS[Math.floor(r() * OUTLETS.length)], claim)
          : sentence(r, 15 + Math.floor(r() * 15)) + '.';
      words += text.split(' ').length;
      parts.push(text);
    }
    paragraphs.push(parts.join(' '));
  }
  return `${sentence(r, 8)}\n\n${paragraphs.join('\n\n')}\n`;
}

/**
 * Runs `fn` over the items round-robin for about `seconds` of wall time; returns items per second
 * of this process's CPU time, so that other work on a shared machine does not skew the figure.
 */
function rate<T>(items: T[], seconds: number, fn: (item: T) => unknown): { cpu: number; wall: number } {
  for (let i = 0; i < Math.min(items.length, 200); i++) fn(items[i]); // warm-up: JIT and caches
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let done = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 50; i++) fn(items[(done + i) % items.length]);
    done += 50;
  }
  const cpu = process.cpuUsage(cpuStart);
  return {
    cpu: done / ((cpu.user + cpu.system) / 1e6),
    wall: done / (Number(process.hrtime.bigint() - started) / 1e9),
  };
}

export async function run(args: string[]): Promise<void> {
  const parsed = namedArgs(args, {
    program: 'npm run bench --',
    name: 'attribute',
    usage: 'attribute [--stories N] [--seconds S]',
    help: `Stories per second through extractAttributions on one core, beside normalize on the same stories.

  --stories N         stories in the corpus (500)
  --seconds S         CPU seconds per measurement (3)`,
    options: { stories: { type: 'string' }, seconds: { type: 'string' } },
  });
  if (!parsed) return;
  const flags = parsed.values;
  const count = Number(flags.stories ?? 500);
  const seconds = Number(flags.seconds ?? 3);
  const r = rng(7);
  const bytes = Array.from({ length: count }, () => Buffer.from(storyText(r), 'utf8'));
  const stories: CanonicalStory[] = bytes.map(
    (b) => normalize(b, { format: 'plain-text', source: 'bench' })[0],
  );
  const words = stories.reduce((n, s) => n + s.body.join(' ').split(/\s+/).length, 0) / stories.length;
  const registry = defaultRegistry();
  const found = stories.reduce((n, s) => n + extractAttributions(s, registry).length, 0);

  const normalizeRate = rate(bytes, seconds, (b) => normalize(b, { format: 'plain-text', source: 'bench' }));
  const attributeRate = rate(stories, seconds, (s) => extractAttributions(s, registry));
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const line = (name: string, r: { cpu: number; wall: number }) =>
    `  ${name} ${fmt(r.cpu)} stories/s of CPU (${(1e6 / r.cpu).toFixed(0)} µs/story; ${fmt(r.wall)}/s wall clock)`;
  process.stdout.write(
    [
      `attribute bench: ${count} stories, ${Math.round(words)} words each on average, ${(found / count).toFixed(1)} attributions per story, one core`,
      line('extractAttributions ', attributeRate),
      line('normalize (baseline)', normalizeRate),
      `  attribution / normalize: ${(attributeRate.cpu / normalizeRate.cpu).toFixed(2)}x; target >= 3,000 stories/s: ${attributeRate.cpu >= 3000 ? 'met' : 'NOT met'}`,
    ].join('\n') + '\n',
  );
}
