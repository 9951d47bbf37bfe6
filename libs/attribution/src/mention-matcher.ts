import type { OutletRef } from '@newswire/contracts';
import type { RegistryOutlet, UnnamedSource } from './outlet-registry.schema';
import type { OutletRegistry } from './outlet-registry';
import { joins } from './cue-lexicon';
import { KeyFilter } from './key-filter';
import { phraseKeys, tokenize, type Token } from './text-key';

/** What a name in the text refers to. */
export type MentionTarget =
  /**
   * `ambiguous`: the name is also a common word and needs a kind noun or a cue to vouch for it;
   * `plainIn`: a language whose copy uses the word only as the name (Persian writes «العربیه»
   * only for the channel, Arabic «العربية» is also "Arabic").
   */
  | { type: 'outlet'; outlet: RegistryOutlet; ambiguous: boolean; plainIn?: string }
  | { type: 'unnamed'; source: UnnamedSource }
  | { type: 'anaphor' }
  /** An outlet the registry lacks, named beside an outlet noun ("the Saudi daily Okaz"). */
  | { type: 'provisional'; outlet: OutletRef };

/** Whether a name needs vouching for in copy of this language. */
export function isAmbiguous(target: MentionTarget, language: string): boolean {
  return target.type === 'outlet' && target.ambiguous && target.plainIn !== language;
}

/** A name found in the text: tokens [first, last], characters [start, end). */
export interface Mention {
  target: MentionTarget;
  first: number;
  last: number;
  start: number;
  end: number;
  /** Country the text gives an unnamed source ("Iranian state media"). */
  country?: string;
  /** Ends in an appositive descriptor set off by commas ("IRNA, the official news agency,"). */
  appositive?: boolean;
}

export interface Entry {
  keys: string[];
  /** Exact spellings, for abbreviations matched case-sensitively. */
  exact?: string[];
  target: MentionTarget;
}

/** The entries of one first word, in match order. */
export interface Bucket {
  /**
   * By second word, the entries that can match when it follows: those with that second word,
   * one word only, or a country in second place. "the" starts 20 entries, "state" 32.
   */
  bySecond: Map<string, Entry[]>;
  /** The entries that can match whatever follows: one word only or a country in second place. */
  rest: Entry[];
}

const COUNTRY_SLOT = '{country}';
const LAM = 'ل'.charCodeAt(0);
const ALEF = 'ا'.charCodeAt(0);
const PROCLITICS = ['وب', 'ول', 'فب', 'فل', 'وک', 'و', 'ف', 'ب', 'ل', 'ک'];

/**
 * Finds outlet names, unnamed-source phrases ("state media") and anaphors ("the agency") in
 * tokens with one map lookup per word: entries are indexed by their first word, so the cost
 * does not grow with the number of aliases.
 */
export class MentionMatcher {
  private readonly index = new Map<string, Entry[]>();
  private readonly buckets = new Map<string, Bucket>();
  /** The index's first words: most words start no entry, and are turned away with one array read. */
  private readonly firstKeys = new KeyFilter();
  private readonly countries = new Map<string, string>();
  private readonly guardBefore: Set<string>;
  private readonly guardAfter: Set<string>;
  private readonly places: Set<string>;
  private readonly placeBefore: Set<string>;

  constructor(registry: OutletRegistry, anaphors: string[]) {
    for (const [code, names] of Object.entries(registry.countries)) {
      for (const name of names) this.countries.set(phraseKeys(name).join(' '), code);
    }
    this.guardBefore = new Set(registry.homonymGuards.before.flatMap(phraseKeys));
    this.guardAfter = new Set(registry.homonymGuards.after.flatMap(phraseKeys));
    this.places = new Set((registry.homonymGuards.places ?? []).map((p) => phraseKeys(p).join(' ')));
    this.placeBefore = new Set((registry.homonymGuards.placeBefore ?? []).flatMap(phraseKeys));
    // Ambiguity belongs to the folded key: «العربیه», a Persian alias, folds to Arabic's
    // ambiguous «العربية», so it is ambiguous too (plain in Persian copy only).
    const ambiguousKeys = new Set(
      registry.outlets.flatMap((o) => (o.aliases.ambiguous ?? []).map((a) => phraseKeys(a).join(' '))),
    );
    for (const outlet of registry.outlets) {
      const { en = [], ar = [], fa = [], abbreviations = [], ambiguous = [] } = outlet.aliases;
      for (const alias of [...en, ...ar, ...fa]) {
        const clash = ambiguousKeys.has(phraseKeys(alias).join(' '));
        const plainIn = clash && fa.includes(alias) && !ar.includes(alias) ? { plainIn: 'fa' } : {};
        this.addAlias(alias, { type: 'outlet', outlet, ambiguous: clash, ...plainIn });
      }
      for (const alias of ambiguous) this.addAlias(alias, { type: 'outlet', outlet, ambiguous: true });
      for (const alias of abbreviations) {
        const tokens = tokenize(alias);
        this.add({
          keys: tokens.map((t) => t.key),
          exact: tokens.map((t) => t.text),
          target: { type: 'outlet', outlet, ambiguous: false },
        });
      }
    }
    for (const source of registry.unnamedSources) {
      for (const phrase of source.phrases)
        this.add({ keys: slotKeys(phrase), target: { type: 'unnamed', source } });
    }
    for (const phrase of anaphors) this.add({ keys: slotKeys(phrase), target: { type: 'anaphor' } });
    // A registry name wins over a longer unnamed phrase that contains it: "وكالة الأنباء العراقية
    // الرسمية" is INA, described as official.
    const rank = (e: Entry) => (e.target.type === 'outlet' ? 0 : 1);
    for (const entries of this.index.values()) {
      entries.sort((a, b) => rank(a) - rank(b) || b.keys.length - a.keys.length);
    }
    for (const [key, entries] of this.index) {
      this.buckets.set(key, bucketOf(entries));
      this.firstKeys.add(key);
    }
  }

  private addAlias(alias: string, target: MentionTarget): void {
    const keys = phraseKeys(alias);
    this.add({ keys, target });
    // "Al-Manar" is also written "Almanar", "Press TV" "PressTV", «دیلی میل» «دیلی‌میل» (the
    // half-space folds away, leaving one word).
    if (keys.length > 1 && keys.length <= 3) this.add({ keys: [keys.join('')], target });
  }

  private add(entry: Entry): void {
    if (entry.keys.length === 0) return;
    const list = this.index.get(entry.keys[0]) ?? [];
    // Abbreviations with the same key but other spellings ("dpa", "DPA") are each an entry.
    const spelling = (e: Entry) => `${e.keys.join(' ')}|${e.exact?.join(' ') ?? ''}`;
    if (!list.some((e) => spelling(e) === spelling(entry) && e.target.type === entry.target.type))
      list.push(entry);
    this.index.set(entry.keys[0], list);
  }

  /** Country code of the words at `i` ("Iran", "Saudi Arabia"), with how many words it took. */
  countryAt(tokens: Token[], i: number): { code: string; length: number } | undefined {
    if (i < 0 || i >= tokens.length) return undefined;
    if (i + 1 < tokens.length) {
      const two = this.countries.get(tokens[i].key + ' ' + tokens[i + 1].key);
      if (two) return { code: two, length: 2 };
    }
    const one = this.countries.get(tokens[i].key);
    return one ? { code: one, length: 1 } : undefined;
  }

  // Entries with a country slot after a common word ("the {country} agency") ask for the same
  // token's country once per entry: the last answer is kept.
  private countryTokens: Token[] | undefined;
  private countryIndex = -1;
  private countryFound: { code: string; length: number } | undefined;

  private countryAtCached(tokens: Token[], i: number): { code: string; length: number } | undefined {
    if (tokens !== this.countryTokens || i !== this.countryIndex) {
      this.countryTokens = tokens;
      this.countryIndex = i;
      this.countryFound = this.countryAt(tokens, i);
    }
    return this.countryFound;
  }

  /** Every mention in `tokens` of `text`, in order, longest match first at each word. */
  find(text: string, tokens: Token[]): Mention[] {
    const mentions: Mention[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const { key, text: word } = tokens[i];
      // Most words start no entry, bare or behind a proclitic: skip them without a call.
      const first = word.charCodeAt(0);
      if (
        (first < 0x0600 || first > 0x06ff) &&
        !this.mayStart(key.charCodeAt(0), key.charCodeAt(1), key.charCodeAt(key.length - 1), key.length)
      )
        continue;
      const found = this.matchAt(text, tokens, i);
      if (!found) continue;
      mentions.push(found);
      i = found.last;
    }
    return mentions;
  }

  private matchAt(text: string, tokens: Token[], i: number): Mention | undefined {
    const token = tokens[i];
    const key = token.key;
    const lastCode = key.charCodeAt(key.length - 1);
    const direct = this.mayStart(key.charCodeAt(0), key.charCodeAt(1), lastCode, key.length)
      ? this.buckets.get(key)
      : undefined;
    const found = direct && this.matchEntries(text, tokens, i, direct, 0);
    if (found) return found;
    const first = token.text.charCodeAt(0);
    if (first < 0x0600 || first > 0x06ff) return undefined;
    // Arabic attaches conjunctions and prepositions to the next word: "وتسنيم", "لقناة", "للمنار".
    for (const p of PROCLITICS) {
      if (!key.startsWith(p) || key.length <= p.length + 1) continue;
      const restLength = key.length - p.length;
      const restFirst = key.charCodeAt(p.length);
      if (this.mayStart(restFirst, key.charCodeAt(p.length + 1), lastCode, restLength)) {
        const rest = key.slice(p.length);
        const m = this.matchKey(text, tokens, i, rest, p.length);
        if (m) return m;
      }
      // "للمنار" is ل + المنار.
      if (p.endsWith('ل') && restFirst === LAM && this.mayStart(ALEF, LAM, lastCode, restLength + 1)) {
        const m = this.matchKey(text, tokens, i, 'ا' + key.slice(p.length), p.length);
        if (m) return m;
      }
    }
    return undefined;
  }

  /** False when no entry starts with a key of these code units and length. */
  private mayStart(first: number, second: number, last: number, length: number): boolean {
    return this.firstKeys.mayHave(first, second, last, length);
  }

  private matchKey(text: string, tokens: Token[], i: number, key: string, proclitic: number) {
    const bucket = this.buckets.get(key);
    return bucket && this.matchEntries(text, tokens, i, bucket, proclitic);
  }

  /** The first entry of the bucket (whose first word is token `i`'s) that matches at `i`. */
  private matchEntries(
    text: string,
    tokens: Token[],
    i: number,
    bucket: Bucket,
    proclitic: number,
  ): Mention | undefined {
    for (const entry of entriesBefore(bucket, tokens[i + 1]?.key)) {
      const last = this.entryEnd(text, tokens, i, entry);
      if (last < 0) continue;
      if (entry.target.type === 'outlet' && this.isHomonym(text, tokens, i, last, proclitic)) continue;
      const mention: Mention = {
        target: entry.target,
        first: i,
        last,
        start: tokens[i].start + offsetOfKeyChars(tokens[i].text, proclitic),
        end: tokens[last].end,
      };
      if (entry.target.type === 'unnamed') {
        mention.country = this.unnamedCountry(tokens, i, last);
        // «رسانه‌های حکومتی ایران»: a country after the phrase is part of it, not of the claim.
        const after = mention.country ? undefined : this.countryAt(tokens, last + 1);
        if (after && joins(text, tokens[last], tokens[last + 1])) {
          mention.country = after.code;
          mention.last = last + after.length;
          mention.end = tokens[mention.last].end;
        }
      }
      return mention;
    }
    return undefined;
  }

  /** Index of the entry's last token when it matches at `i` (whose key is its first), else -1. */
  private entryEnd(text: string, tokens: Token[], i: number, entry: Entry): number {
    if (entry.exact && tokens[i].text !== entry.exact[0]) return -1;
    let t = i + 1;
    for (let n = 1; n < entry.keys.length; n++, t++) {
      if (t >= tokens.length) return -1;
      const key = entry.keys[n];
      if (key === COUNTRY_SLOT) {
        const country = this.countryAtCached(tokens, t);
        if (!country || !joins(text, tokens[t - 1], tokens[t])) return -1;
        t += country.length - 1;
        continue;
      }
      if (tokens[t].key !== key || !joins(text, tokens[t - 1], tokens[t])) return -1;
      if (entry.exact && tokens[t].text !== entry.exact[n]) return -1;
    }
    return t - 1;
  }

  /** "Fars province", "استان فارس", "۱۵ مهر": the name is a place or a date here. */
  private isHomonym(text: string, tokens: Token[], first: number, last: number, proclitic: number): boolean {
    const next = tokens[last + 1];
    if (next && joins(text, tokens[last], next) && this.guardAfter.has(next.key)) return true;
    const prev = tokens[first - 1];
    if (!prev || proclitic > 0 || !joins(text, prev, tokens[first])) return false;
    if (this.placeBefore.has(prev.key) && this.places.size > 0) {
      let name = tokens[first].key;
      for (let t = first + 1; t <= last; t++) name += ' ' + tokens[t].key;
      if (this.places.has(name)) return true;
    }
    return this.guardBefore.has(prev.key) || /^\d+$/.test(prev.key);
  }

  private unnamedCountry(tokens: Token[], first: number, last: number): string | undefined {
    for (let t = first; t <= last; t++) {
      const inside = this.countryAt(tokens, t);
      if (inside) return inside.code;
    }
    // English puts the country before ("Iranian state media", "Syria's state TV"); Arabic and
    // Persian after ("التلفزيون الرسمي السوري"), which the caller takes into the mention.
    const before = tokens[first - 1]?.key === 's' ? first - 2 : first - 1;
    for (const i of [before, before - 1]) {
      const c = this.countryAt(tokens, i);
      if (c && i + c.length - 1 >= before) return c.code;
    }
    return undefined;
  }
}

/** The entries of one first word (in match order), filed by second word. */
export function bucketOf(entries: Entry[]): Bucket {
  const anyNext = (e: Entry) => e.keys.length === 1 || e.keys[1] === COUNTRY_SLOT;
  const bySecond = new Map<string, Entry[]>();
  for (const { keys } of entries) {
    const second = keys[1];
    if (second === undefined || second === COUNTRY_SLOT || bySecond.has(second)) continue;
    bySecond.set(
      second,
      entries.filter((e) => anyNext(e) || e.keys[1] === second),
    );
  }
  return { bySecond, rest: entries.filter(anyNext) };
}

/** The bucket's entries that can match before the word keyed `next` (undefined: no word follows). */
export function entriesBefore(bucket: Bucket, next: string | undefined): Entry[] {
  return (next !== undefined && bucket.bySecond.get(next)) || bucket.rest;
}

function slotKeys(phrase: string): string[] {
  return phrase
    .split(COUNTRY_SLOT)
    .flatMap((part, n) => (n === 0 ? phraseKeys(part) : [COUNTRY_SLOT, ...phraseKeys(part)]));
}

/** Characters of `word` that hold its first `keyChars` folded characters (a proclitic). */
function offsetOfKeyChars(word: string, keyChars: number): number {
  if (keyChars === 0) return 0;
  let seen = 0;
  let i = 0;
  while (i < word.length && seen < keyChars) {
    const code = word.charCodeAt(i);
    const isMark =
      (code >= 0x064b && code <= 0x065f) ||
      code === 0x0670 ||
      code === 0x0640 ||
      code === 0x200c ||
      code === 0x200d;
    if (!isMark) seen++;
    i++;
  }
  while (i < word.length && /[\u064b-\u065f\u0670\u0640\u200c\u200d]/.test(word[i])) i++;
  return i;
}

const cache = new WeakMap<OutletRegistry, MentionMatcher>();

/** The registry's matcher, compiled on first use and cached for the registry object. */
export function matcherFor(registry: OutletRegistry, anaphors: string[]): MentionMatcher {
  let matcher = cache.get(registry);
  if (!matcher) {
    matcher = new MentionMatcher(registry, anaphors);
    cache.set(registry, matcher);
  }
  return matcher;
}
