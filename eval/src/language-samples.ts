import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from '@newswire/wire-formats';

export interface LanguageSample {
  file: string;
  language: string;
  kind: 'sentence' | 'paragraph';
  text: string;
}

/**
 * The language of each story file of corpora/formats, by the file's name (what its agency or
 * publisher writes in): the corpus itself carries no labels.
 */
const FORMAT_LANGUAGES: Array<[RegExp, string]> = [
  [/^afp-ar-/, 'ar'],
  [/^(sda|apa|kathpress|dpa|heise)-/, 'de'],
  [/^efe-/, 'es'],
  [/^(uol|jn-pt)-/, 'pt'],
  [/^ilmessaggero-/, 'it'],
  [/^fcutrecht-/, 'nl'],
  [/^aktuality-sk-/, 'sk'],
  [/^ntb-/, 'no'],
  [/^tt-/, 'sv'],
  [/^newsru-/, 'ru'],
  [/^naftemporiki-/, 'el'],
  [/^law-co-il-/, 'he'],
  [/^ricanet-/, 'ko'],
  [/^kc0011-/, 'zh'],
  [/^y-moto-/, 'ja'],
  [/^(afp|ap|businesswire|reuters|guardian|marketwatch|pa|iptc|nyt|donthitsave)-/, 'en'],
];
/** A feed of many items would otherwise outweigh every other file. */
const STORIES_PER_FILE = 5;
const MIN_SENTENCE = 30;
const MIN_PARAGRAPH = 80;
const MAX_PARAGRAPH = 600;

/**
 * One-sentence and one-paragraph samples of real copy in `<shared>/corpora`: the English,
 * Arabic and Persian stories of attribution/ (labelled in its sources.json), the English ones of
 * dedup/text, and the stories the project's own parsers read out of formats/. Every 4th file by
 * sorted name of each folder is the hold-out.
 */
export function languageSamples(corpora: string): { dev: LanguageSample[]; holdOut: LanguageSample[] } {
  const dev: LanguageSample[] = [];
  const holdOut: LanguageSample[] = [];
  const add = (files: Array<{ file: string; language: string; bodies: string[][] }>) =>
    files
      .sort((a, b) => a.file.localeCompare(b.file))
      .forEach(({ file, language, bodies }, i) => {
        const into = i % 4 === 3 ? holdOut : dev;
        for (const body of bodies.slice(0, STORIES_PER_FILE)) into.push(...samplesOf(file, language, body));
      });

  const attribution = join(corpora, 'attribution');
  const sources = JSON.parse(readFileSync(join(attribution, 'sources.json'), 'utf8')) as Record<
    string,
    { language?: string }
  >;
  add(
    Object.entries(sources)
      .filter(([file, s]) => file.endsWith('.txt') && s.language)
      .map(([file, s]) => ({
        file: `attribution/${file}`,
        language: s.language as string,
        bodies: [bodyOf(readFileSync(join(attribution, file), 'utf8'))],
      })),
  );
  const dedup = join(corpora, 'dedup', 'text');
  add(
    readdirSync(dedup)
      .filter((f) => f.endsWith('.txt'))
      .map((file) => ({
        file: `dedup/${file}`,
        language: 'en',
        bodies: [bodyOf(readFileSync(join(dedup, file), 'utf8'))],
      })),
  );
  const formats = join(corpora, 'formats');
  add(
    readdirSync(formats, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(formats, d.name)).map((file) => `${d.name}/${file}`))
      .flatMap((file) => {
        const language = FORMAT_LANGUAGES.find(([re]) => re.test(file.split('/')[1]))?.[1];
        return language ? [{ file: `formats/${file}`, language, bodies: bodiesOf(join(formats, file)) }] : [];
      }),
  );
  return { dev, holdOut };
}

/** Plain-text copy: a headline, a blank line, then paragraphs. */
function bodyOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .slice(1)
    .map((p) => p.replace(/\s+/g, ' ').trim());
}

function bodiesOf(path: string): string[][] {
  try {
    return normalize(readFileSync(path), { source: 'eval' }).map((story) => story.body);
  } catch {
    return []; // a file the parsers refuse (a broken feed, a photo item) has no story to sample
  }
}

function samplesOf(file: string, language: string, body: string[]): LanguageSample[] {
  const samples: LanguageSample[] = [];
  const paragraph = body.find((p) => p.length >= MIN_PARAGRAPH);
  if (paragraph) samples.push({ file, language, kind: 'paragraph', text: paragraph.slice(0, MAX_PARAGRAPH) });
  const sentence = body
    .flatMap((p) => p.split(/(?<=[.!?؟])\s+|(?<=[。।])/))
    .find((s) => s.length >= MIN_SENTENCE);
  if (sentence) samples.push({ file, language, kind: 'sentence', text: sentence });
  return samples;
}
