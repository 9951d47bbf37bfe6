import { z } from 'zod';
import lexiconJson from '../data/cue-lexicon.json';
import { AttributionError } from './attribution.error';
import { phraseKeys, type Token } from './text-key';

const Words = z.array(z.string().min(1));
const LanguageCues = z.object({
  after: Words,
  fillers: Words,
  verbFirst: Words.optional(),
  before: Words,
  inverted: Words,
  anaphors: Words,
});
const LexiconData = z.object({
  en: LanguageCues,
  ar: LanguageCues,
  fa: LanguageCues,
  descriptors: z.object({
    kindNouns: Words,
    modifiers: Words,
    possessiveNouns: Words,
    followers: Words,
    affiliations: Words,
  }),
  intro: Words,
});
type LexiconData = z.infer<typeof LexiconData>;

// Characters allowed between the words of one phrase: spaces, ZWNJ, hyphens, apostrophes.
const JOINER = /^[\s\u200c\u00a0\-‐–'’]*$/;
const ARABIC_CONJUNCTIONS = new Set(['و', 'ف']);

/** True when the text between two adjacent tokens joins them into one phrase. */
export function joins(text: string, left: Token, right: Token): boolean {
  return JOINER.test(text.slice(left.end, right.start));
}

/** Word key equality that lets an Arabic word carry a leading و/ف ("وذكرت" is "ذكرت"). */
function sameWord(tokenKey: string, phraseKey: string, first: boolean): boolean {
  if (tokenKey === phraseKey) return true;
  return (
    first &&
    tokenKey.length === phraseKey.length + 1 &&
    ARABIC_CONJUNCTIONS.has(tokenKey[0]) &&
    tokenKey.endsWith(phraseKey)
  );
}

/** A set of multi-word phrases matched against tokens, longest first. */
export class PhraseSet {
  private readonly phrases: string[][];

  constructor(phrases: string[]) {
    const keyed = phrases.map(phraseKeys).filter((k) => k.length > 0);
    this.phrases = keyed.sort((a, b) => b.length - a.length);
  }

  /** Length in tokens of the longest phrase starting at token `i` (0 when none). */
  startingAt(text: string, tokens: Token[], i: number, limit = tokens.length): number {
    for (const phrase of this.phrases) {
      if (i + phrase.length <= limit && this.matches(text, tokens, i, phrase)) return phrase.length;
    }
    return 0;
  }

  /** Length in tokens of the longest phrase ending at token `i` (0 when none). */
  endingAt(text: string, tokens: Token[], i: number, floor = 0): number {
    for (const phrase of this.phrases) {
      const first = i - phrase.length + 1;
      if (first >= floor && this.matches(text, tokens, first, phrase)) return phrase.length;
    }
    return 0;
  }

  private matches(text: string, tokens: Token[], first: number, phrase: string[]): boolean {
    if (!sameWord(tokens[first].key, phrase[0], true)) return false;
    for (let n = 1; n < phrase.length; n++) {
      if (tokens[first + n].key !== phrase[n] || !joins(text, tokens[first + n - 1], tokens[first + n]))
        return false;
    }
    return true;
  }
}

/** The cue lexicon, compiled for matching. */
export interface CueLexicon {
  after: PhraseSet;
  before: PhraseSet;
  verbFirst: PhraseSet;
  inverted: PhraseSet;
  anaphors: string[];
  fillers: ReadonlySet<string>;
  kindNouns: ReadonlySet<string>;
  modifiers: ReadonlySet<string>;
  possessiveNouns: ReadonlySet<string>;
  followers: ReadonlySet<string>;
  /** "وابسته به", "التابعة": the owner named after them belongs to the outlet's phrase. */
  affiliations: PhraseSet;
  intro: ReadonlySet<string>;
}

const keySet = (words: string[]): Set<string> => new Set(words.flatMap(phraseKeys));

/** Compiles lexicon JSON (the bundled data/cue-lexicon.json when none is given). */
export function compileCueLexicon(json: unknown = lexiconJson): CueLexicon {
  const parsed = LexiconData.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AttributionError('INVALID_LEXICON', `cue lexicon: ${issue.path.join('.')}: ${issue.message}`);
  }
  const data: LexiconData = parsed.data;
  const langs = [data.en, data.ar, data.fa];
  const all = (pick: (l: z.infer<typeof LanguageCues>) => string[] | undefined) =>
    langs.flatMap((l) => pick(l) ?? []);
  return {
    after: new PhraseSet(all((l) => l.after)),
    before: new PhraseSet(all((l) => l.before)),
    verbFirst: new PhraseSet(all((l) => l.verbFirst)),
    inverted: new PhraseSet(all((l) => l.inverted)),
    anaphors: all((l) => l.anaphors),
    fillers: keySet(all((l) => l.fillers)),
    kindNouns: keySet(data.descriptors.kindNouns),
    modifiers: keySet(data.descriptors.modifiers),
    possessiveNouns: keySet(data.descriptors.possessiveNouns),
    followers: keySet(data.descriptors.followers),
    affiliations: new PhraseSet(data.descriptors.affiliations),
    intro: keySet(data.intro),
  };
}

let bundled: CueLexicon | undefined;

/** The bundled lexicon, compiled once. */
export function defaultCueLexicon(): CueLexicon {
  bundled ??= compileCueLexicon();
  return bundled;
}
