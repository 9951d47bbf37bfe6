import { OutletKind } from '@newswire/contracts';
import { z } from 'zod';
import lexiconJson from '../data/cue-lexicon.json';
import { AttributionError } from './attribution.error';
import { KeyFilter } from './key-filter';
import { phraseKeys, tokenize, type Token } from './text-key';

const Words = z.array(z.string().min(1));
const PersianVerbs = z.object({
  _doc: z.string().optional(),
  simple: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
  light: z.record(z.string().min(1), z.string().min(1)),
  compounds: z.record(z.string().min(1), z.array(z.string().min(1))),
});
type PersianVerbs = z.infer<typeof PersianVerbs>;
const ArabicVerbs = z.object({
  _doc: z.string().optional(),
  verbs: z.array(z.tuple([z.string().min(1), z.string().min(1), z.string().min(1).nullable()])),
  relatives: Words,
  objectPronouns: Words,
});
type ArabicVerbs = z.infer<typeof ArabicVerbs>;
const LanguageCues = z.object({
  after: Words,
  fillers: Words,
  verbFirst: Words.optional(),
  before: Words,
  inverted: Words,
  anaphors: Words,
});
type LanguageCues = z.infer<typeof LanguageCues>;
const LexiconData = z.object({
  en: LanguageCues,
  ar: LanguageCues.extend({ verbs: ArabicVerbs }),
  fa: LanguageCues.extend({
    verbs: PersianVerbs,
    // «بنابر» + «اعلام»: each preposition before each report noun is a before-phrase.
    beforePrepositions: Words,
    reportNouns: Words,
  }),
  descriptors: z.object({
    kindNouns: Words,
    modifiers: Words,
    possessiveNouns: Words,
    followers: Words,
    affiliations: Words,
  }),
  intro: Words,
  extractor: z.object({
    speechVerbs: Words,
    introPrepositions: Words,
    connectors: Words,
    including: Words,
    hyphenSuffixes: Words,
    toldTo: Words,
    personNouns: Words,
    asideOpeners: Words,
    objectPrepositions: Words,
    possessivePrepositions: Words,
    publicationVerbs: Words,
    quotingCues: Words,
    contentNouns: Words,
    ownerNouns: Words,
    timeWords: Words,
    longAdverbials: Words,
    governsBe: Words,
  }),
  anaphorKinds: z.record(z.string(), z.array(z.string().min(1))),
  outletNouns: z.object({
    nameAfter: z.partialRecord(OutletKind, Words),
    nameBefore: z.partialRecord(OutletKind, Words),
    numbered: Words,
    quotedOnly: Words,
  }),
});
type LexiconData = z.infer<typeof LexiconData>;

// Characters allowed between the words of one phrase: spaces, ZWNJ, hyphens, apostrophes.
const JOINER = /^[\s\u200c\u00a0\-‐–'’"“”«»]*$/;
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

// Phrases behind one first word that are tried in turn; behind more, the next word is checked first.
const FEW = 4;
const WAW = 'و'.charCodeAt(0);
const FA = 'ف'.charCodeAt(0);
const NONE: readonly number[] = [];

/** A set of multi-word phrases matched against tokens, longest first. */
// A word ending in ة is a noun («نشرة», a bulletin), never a verb with the pronoun ه («نشره», "he
// published it"), though both fold to one key.
const TAA_MARBUTA_END = /ة[\u064b-\u065f\u0670]*$/;
const PRONOUN_HA_END = /ه$/;

export class PhraseSet {
  private readonly phrases: string[][];
  /** By phrase, its words that end in the pronoun ه as written. */
  private readonly pronounEnds: boolean[][];
  // Indices into `phrases`, ascending, by first and by last word: a lookup tries only the few
  // phrases that can match at a token instead of every phrase of the set.
  private readonly byFirst = new Map<string, number[]>();
  private readonly byLast = new Map<string, number[]>();
  // First words of one-word phrases, and by first word the second words of longer ones: the
  // generated verb forms put dozens of phrases behind one noun («گزارش»), and a lookup at a word
  // that starts none of them is turned away before trying each.
  private readonly single = new Set<string>();
  private readonly seconds = new Map<string, Set<string>>();

  constructor(phrases: string[]) {
    const keyed = phrases
      .map(tokenize)
      .filter((words) => words.length > 0)
      .sort((a, b) => b.length - a.length);
    this.phrases = keyed.map((words) => words.map((w) => w.key));
    this.pronounEnds = keyed.map((words) => words.map((w) => PRONOUN_HA_END.test(w.text)));
    this.phrases.forEach((phrase, n) => {
      addTo(this.byFirst, phrase[0], n);
      addTo(this.byLast, phrase[phrase.length - 1], n);
      if (phrase.length === 1) this.single.add(phrase[0]);
      else {
        const seconds = this.seconds.get(phrase[0]) ?? new Set<string>();
        seconds.add(phrase[1]);
        this.seconds.set(phrase[0], seconds);
      }
    });
  }

  /** Whether a phrase may start with `first` before `next`: most words of a clause start none. */
  private mayStart(first: string, next: string | undefined): boolean {
    if (this.single.has(first)) return true;
    return next !== undefined && this.seconds.get(first)?.has(next) === true;
  }

  /** Length in tokens of the longest phrase starting at token `i` (0 when none). */
  startingAt(text: string, tokens: Token[], i: number, limit = tokens.length): number {
    if (i + 1 > limit) return 0;
    const key = tokens[i].key;
    const list = candidates(this.byFirst, key);
    if (list.length > FEW) {
      const next = i + 1 < limit ? tokens[i + 1].key : undefined;
      const c = key.charCodeAt(0);
      if (!this.mayStart(key, next) && !((c === WAW || c === FA) && this.mayStart(key.slice(1), next)))
        return 0;
    }
    for (const n of list) {
      const phrase = this.phrases[n];
      if (i + phrase.length <= limit && this.matches(text, tokens, i, n)) return phrase.length;
    }
    return 0;
  }

  /** Length in tokens of the longest phrase ending at token `i` (0 when none). */
  endingAt(text: string, tokens: Token[], i: number, floor = 0): number {
    if (i < floor) return 0;
    for (const n of candidates(this.byLast, tokens[i].key)) {
      const phrase = this.phrases[n];
      const first = i - phrase.length + 1;
      if (first >= floor && this.matches(text, tokens, first, n)) return phrase.length;
    }
    return 0;
  }

  private matches(text: string, tokens: Token[], first: number, index: number): boolean {
    const phrase = this.phrases[index];
    const pronoun = this.pronounEnds[index];
    if (!sameWord(tokens[first].key, phrase[0], true)) return false;
    for (let n = 1; n < phrase.length; n++) {
      if (tokens[first + n].key !== phrase[n] || !joins(text, tokens[first + n - 1], tokens[first + n]))
        return false;
    }
    for (let n = 0; n < phrase.length; n++)
      if (pronoun[n] && TAA_MARBUTA_END.test(tokens[first + n].text)) return false;
    return true;
  }
}

function addTo(index: Map<string, number[]>, key: string, n: number): void {
  const list = index.get(key);
  if (list) list.push(n);
  else index.set(key, [n]);
}

/**
 * Phrases indexed under `key`, and under `key` less a leading و/ف (which `sameWord` lets the
 * first word carry), merged in ascending order.
 */
function candidates(index: Map<string, number[]>, key: string): readonly number[] {
  const direct = index.get(key) ?? NONE;
  const c = key.charCodeAt(0);
  if (c !== WAW && c !== FA) return direct;
  const bare = index.get(key.slice(1)) ?? NONE;
  if (bare.length === 0) return direct;
  if (direct.length === 0) return bare;
  const merged: number[] = [];
  let a = 0;
  let b = 0;
  while (a < direct.length || b < bare.length) {
    if (b >= bare.length || (a < direct.length && direct[a] < bare[b])) merged.push(direct[a++]);
    else merged.push(bare[b++]);
  }
  return merged;
}

/** The cue phrases of one language, or of all. */
export interface LanguageCueSets {
  after: PhraseSet;
  before: PhraseSet;
  verbFirst: PhraseSet;
  inverted: PhraseSet;
  /** Before-phrases that end in ل, without it: «في حديثه» of «في حديثه للأناضول». */
  beforeLam: PhraseSet;
}

/** The cue lexicon, compiled for matching. */
export interface CueLexicon extends LanguageCueSets {
  /**
   * Arabic and Persian copy each with its own cues: an Arabic verb is a Persian word too (نسبت
   * "attributed" and نسبت به "towards", دعا, کشف); other languages with all.
   */
  byLanguage: ReadonlyMap<string, LanguageCueSets>;
  anaphors: string[];
  fillers: ReadonlySet<string>;
  kindNouns: ReadonlySet<string>;
  modifiers: ReadonlySet<string>;
  possessiveNouns: ReadonlySet<string>;
  followers: ReadonlySet<string>;
  /** "وابسته به", "التابعة": the owner named after them belongs to the outlet's phrase. */
  affiliations: PhraseSet;
  intro: ReadonlySet<string>;
  speechVerbs: ReadonlySet<string>;
  introPrepositions: ReadonlySet<string>;
  connectors: ReadonlySet<string>;
  including: ReadonlySet<string>;
  hyphenSuffixes: ReadonlySet<string>;
  toldTo: ReadonlySet<string>;
  personNouns: ReadonlySet<string>;
  /** Words before an outlet that make it the object of an act ("sanctions on IRIB", "the head of IRNA"). */
  objectPrepositions: ReadonlySet<string>;
  /** Words before an outlet that make it a possessor ("the head of IRNA"): no speaker, but an antecedent. */
  possessivePrepositions: ReadonlySet<string>;
  /** "نوشت", "كتبت": verbs whose subject can only be a publication. */
  publicationVerbs: PhraseSet;
  /** "ایسنا به نقل از وزیر نوشت که ...": a cue naming whom the outlet quotes, the claim after that one's verb. */
  quotingCues: PhraseSet;
  /** "editorial", "report": what an outlet publishes; "In the paper's editorial, ..." is the paper's. */
  contentNouns: ReadonlySet<string>;
  /** «امروز», «چهارشنبه»: time words that may open a clause before its subject. */
  timeWords: ReadonlySet<string>;
  /** «با», «ضمن»: Persian adverbials after the subject that may run long before their comma. */
  longAdverbials: ReadonlySet<string>;
  /** «نسبت», «واکنش»: Persian words whose «به» after them starts no cue («نسبت به گزارش ایرنا»). */
  governsBe: ReadonlySet<string>;
  /** «المدير»، «نشرة»: Arabic nouns the ل- outlet after them owns (not a hearer). */
  ownerNouns: ReadonlySet<string>;
  /** ", citing local sources,", ", both affiliated with the Guards,": an aside between an outlet and its verb. */
  aside: RegExp;
  /** Outlet kinds an anaphor's head noun may stand for ("the channel": a broadcaster), by the head's key. */
  anaphorKinds: ReadonlyMap<string, ReadonlySet<string>>;
  /** Outlet nouns a name the registry lacks may follow ("the daily Okaz") or precede ("Haberturk television"). */
  outletNouns: {
    after: KindedPhrases;
    before: KindedPhrases;
    numbered: ReadonlySet<string>;
    /** Arabic-script nouns that also name no outlet («شبكة الكهرباء», «موقع الرئاسة»): their name only in quotes. */
    quotedOnly: ReadonlySet<string>;
    /** First words of all of them: most words are none, and are turned away with one lookup. */
    firstWords: KeyFilter;
  };
}

/** Phrases, each naming an outlet kind. */
export interface KindedPhrases {
  phrases: PhraseSet;
  /** Kind by the phrase's keys joined with spaces. */
  kinds: ReadonlyMap<string, OutletKind>;
}

function keyFilter(keys: string[]): KeyFilter {
  const filter = new KeyFilter();
  for (const key of keys) filter.add(key);
  return filter;
}

function kinded(byKind: Partial<Record<OutletKind, string[]>>): KindedPhrases {
  const kinds = new Map<string, OutletKind>();
  for (const [kind, phrases] of Object.entries(byKind) as [OutletKind, string[]][])
    for (const phrase of phrases) kinds.set(phraseKeys(phrase).join(' '), kind);
  return { phrases: new PhraseSet(Object.values(byKind).flat()), kinds };
}

/**
 * The third-person forms (singular and plural: an outlet, or outlets) of Persian verbs: a simple
 * verb by its past and present stems (نوشت / نویس), a compound one by its noun and light verb
 * (گزارش + داد / ده). Past «نوشت», «نوشتند»; present perfect «نوشته است», «نوشته‌اند», «نوشته»;
 * pluperfect «نوشته بود», «نوشته بودند»; present «می‌نویسد», «می‌نویسند»; and each negated with ن
 * («گزارش نداد», «اعلام نمی‌کند»). The half-space folds away, so «می‌نویسد» is «مینویسد»; «می نویسد»
 * and «نوشته اند», written with a space, are their own phrases.
 */
export function persianVerbForms(verbs: PersianVerbs): string[] {
  const inflect = (noun: string, past: string, present: string): string[] =>
    [false, true].flatMap((negative) => {
      const p = negative ? negated(past) : past;
      const mi = negative ? 'نمی' : 'می';
      return [
        p,
        `${p}ند`,
        `${p}ه است`,
        `${p}ه‌اند`,
        `${p}ه اند`,
        `${p}ه`,
        `${p}ه بود`,
        `${p}ه بودند`,
        `${mi}‌${present}د`,
        `${mi}‌${present}ند`,
        `${mi} ${present}د`,
        `${mi} ${present}ند`,
      ].map((form) => (noun ? `${noun} ${form}` : form));
    });
  const forms = verbs.simple.flatMap(([past, present]) => inflect('', past, present));
  for (const [noun, lights] of Object.entries(verbs.compounds))
    for (const light of lights) {
      const present = verbs.light[light];
      if (!present)
        throw new AttributionError(
          'INVALID_LEXICON',
          `cue lexicon: fa.verbs: no light verb ${light} for ${noun}`,
        );
      forms.push(...inflect(noun, light, present));
    }
  return forms;
}

/**
 * The forms of Arabic cue verbs: both pasts («ذكر», «ذكرت») and, with a present stem, both
 * presents («يذكر», «تذكر»), after the outlet and before it; before it also each past after a
 * relative («حسبما ذكرت», «وفق ما أكد») and, for the verbs of `objectPronouns`, with the pronoun ه
 * or ها («في تقرير نشرته»).
 */
export function arabicVerbForms(verbs: ArabicVerbs): { after: string[]; verbFirst: string[] } {
  const pronoun = new Set(verbs.objectPronouns);
  const after: string[] = [];
  const verbFirst: string[] = [];
  for (const [masculine, feminine, stem] of verbs.verbs) {
    const own = stem ? [masculine, feminine, `ي${stem}`, `ت${stem}`] : [masculine, feminine];
    after.push(...own);
    verbFirst.push(...own);
    for (const relative of verbs.relatives)
      verbFirst.push(`${relative} ${masculine}`, `${relative} ${feminine}`);
    if (pronoun.has(masculine))
      verbFirst.push(`${masculine}ه`, `${masculine}ها`, `${feminine}ه`, `${feminine}ها`);
  }
  return { after, verbFirst };
}

/** «نکرد», «نداد»; a stem in ا/آ takes «نی» («نیاورد», «نیافزود»). */
function negated(stem: string): string {
  if (stem.startsWith('آ')) return `نیا${stem.slice(1)}`;
  return stem.startsWith('ا') ? `نی${stem}` : `ن${stem}`;
}

const LAM = phraseKeys('ل')[0];

/** «في حديثه ل» as «في حديثه», for a ل written against the name («للأناضول»); nothing for others. */
function withoutLam(phrase: string): string[] {
  const words = tokenize(phrase);
  if (words.length < 2 || words[words.length - 1].key !== LAM) return [];
  return [phrase.slice(0, words[words.length - 2].end)];
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
  const x = data.extractor;
  const arabic = arabicVerbForms(data.ar.verbs);
  const expanded: Record<'en' | 'ar' | 'fa', LanguageCues> = {
    en: data.en,
    ar: {
      ...data.ar,
      after: [...data.ar.after, ...arabic.after],
      verbFirst: [...(data.ar.verbFirst ?? []), ...arabic.verbFirst],
    },
    fa: {
      ...data.fa,
      after: [...data.fa.after, ...persianVerbForms(data.fa.verbs)],
      before: [
        ...data.fa.before,
        ...data.fa.beforePrepositions,
        ...data.fa.beforePrepositions.flatMap((p) => data.fa.reportNouns.map((noun) => `${p} ${noun}`)),
      ],
    },
  };
  const langs = [expanded.en, expanded.ar, expanded.fa];
  const all = (pick: (l: LanguageCues) => string[] | undefined) => langs.flatMap((l) => pick(l) ?? []);
  const cues = (of: LanguageCues[]): LanguageCueSets => ({
    after: new PhraseSet(of.flatMap((l) => l.after)),
    before: new PhraseSet(of.flatMap((l) => l.before)),
    verbFirst: new PhraseSet(of.flatMap((l) => l.verbFirst ?? [])),
    inverted: new PhraseSet(of.flatMap((l) => l.inverted)),
    beforeLam: new PhraseSet(of.flatMap((l) => l.before).flatMap(withoutLam)),
  });
  return {
    ...cues(langs),
    // English cues match no Arabic-script word: they stay in every set, and English copy (or
    // copy tagged so) keeps all.
    byLanguage: new Map([
      ['ar', cues([expanded.en, expanded.ar])],
      ['fa', cues([expanded.en, expanded.fa])],
    ]),
    anaphors: all((l) => l.anaphors),
    fillers: keySet(all((l) => l.fillers)),
    kindNouns: keySet(data.descriptors.kindNouns),
    modifiers: keySet(data.descriptors.modifiers),
    possessiveNouns: keySet(data.descriptors.possessiveNouns),
    followers: keySet(data.descriptors.followers),
    affiliations: new PhraseSet(data.descriptors.affiliations),
    intro: keySet(data.intro),
    speechVerbs: keySet(x.speechVerbs),
    introPrepositions: keySet(x.introPrepositions),
    connectors: keySet(x.connectors),
    including: keySet(x.including),
    hyphenSuffixes: keySet(x.hyphenSuffixes),
    toldTo: keySet(x.toldTo),
    personNouns: keySet(x.personNouns),
    objectPrepositions: keySet(x.objectPrepositions),
    possessivePrepositions: keySet(x.possessivePrepositions),
    publicationVerbs: new PhraseSet(x.publicationVerbs),
    quotingCues: new PhraseSet(x.quotingCues),
    contentNouns: keySet(x.contentNouns),
    ownerNouns: keySet(x.ownerNouns),
    timeWords: keySet(x.timeWords),
    longAdverbials: keySet(x.longAdverbials),
    governsBe: keySet(x.governsBe),
    aside: new RegExp(
      // Closed by a comma, or by a dash when a dashed apposition ends the aside too ("Al-Mayadeen,
      // which is close to Hezbollah – the armed group – said"). A Persian relative clause needs no
      // comma before it ("کیهان که زیر نظر ... منتشر می‌شود، نوشت"). Or set off by two dashes
      // ("The hardline daily — whose chief the Leader appoints — began by faulting ...").
      `^(?:(?:\\s*[,،]\\s*(?:${x.asideOpeners.join('|')})|\\s+که)(?![\\p{L}\\p{M}])[^,.;:"“”\\n]{0,100}(?:[,،]|\\s[–—](?=\\s))|\\s+[–—]\\s[^–—,.;:"“”\\n]{1,100}?\\s[–—](?=\\s))`,
      'iu',
    ),
    outletNouns: {
      after: kinded(data.outletNouns.nameAfter),
      before: kinded(data.outletNouns.nameBefore),
      numbered: keySet(data.outletNouns.numbered),
      quotedOnly: new Set(data.outletNouns.quotedOnly.map((phrase) => phraseKeys(phrase).join(' '))),
      firstWords: keyFilter(
        [
          ...Object.values(data.outletNouns.nameAfter),
          ...Object.values(data.outletNouns.nameBefore),
          data.outletNouns.numbered,
        ]
          .flat()
          .map((phrase) => phraseKeys(phrase)[0]),
      ),
    },
    anaphorKinds: new Map(
      Object.entries(data.anaphorKinds).flatMap(([head, kinds]) =>
        phraseKeys(head).map((key) => [key, new Set(kinds)] as const),
      ),
    ),
  };
}

let bundled: CueLexicon | undefined;

/** The bundled lexicon, compiled once. */
export function defaultCueLexicon(): CueLexicon {
  bundled ??= compileCueLexicon();
  return bundled;
}

const byLanguage = new WeakMap<CueLexicon, Map<string, CueLexicon>>();

/** The lexicon with the cue phrases of `language` ("ar", "fa": its own and English), or all. */
export function cuesFor(lex: CueLexicon, language: string): CueLexicon {
  const own = lex.byLanguage.get(language);
  if (!own) return lex;
  let cache = byLanguage.get(lex);
  if (!cache) byLanguage.set(lex, (cache = new Map()));
  let found = cache.get(language);
  if (!found) cache.set(language, (found = { ...lex, ...own }));
  return found;
}
