import type { OutletKind, OutletRef } from '@newswire/contracts';
import { joins, type KindedPhrases } from './cue-lexicon';
import type { Context } from './extraction-context';
import type { Mention } from './mention-matcher';
import { isArabicScript, phraseKeys, type Token } from './text-key';

const QUOTE = /["“”«»'‘’]/;
const CAPITAL = /^[\p{Lu}\d]/u;
const DIGITS = /^\d+$/;
// Arabic and Persian adjectives of origin («عبرية», «عبری», «الرسمية») describe a noun; they name no outlet.
const NISBA = /(?:یه|ی)$/;
const MAX_NAME = 3;
const WAW = 'و'.charCodeAt(0);
const FA = 'ف'.charCodeAt(0);
const AGENCY = phraseKeys('وكالة')[0];
const FOR_NEWS = phraseKeys('للأنباء')[0];

/**
 * Outlets the registry lacks, named beside an outlet noun: "Israel's Channel 13", "the Saudi
 * daily Okaz", "Haberturk television", «صحيفة "عكاظ"», «روزنامه اطلاعات». Each is a mention of a
 * provisional outlet (flagged unregistered, named as written, its kind from the noun); words
 * already part of a registry mention are never taken.
 */
export function findProvisional(ctx: Context, known: Mention[], from: number, to: number): Mention[] {
  const { lex } = ctx;
  const out: Mention[] = [];
  let k = 0;
  for (let i = from; i < to; i++) {
    while (k < known.length && known[k].last < i) k++;
    if (k < known.length && known[k].first <= i) {
      i = known[k].last;
      continue;
    }
    const key = ctx.tokens[i].key;
    const firstWords = lex.outletNouns.firstWords;
    // Arabic may carry و/ف on the noun ("وصحيفة").
    const c = key.charCodeAt(0);
    if (!firstWords.mayHaveKey(key) && !((c === WAW || c === FA) && firstWords.mayHaveKey(key.slice(1))))
      continue;
    const limit = k < known.length ? known[k].first : to;
    const found =
      numbered(ctx, i, limit) ??
      nameAfterNoun(ctx, lex.outletNouns.after, i, limit) ??
      nameBeforeNoun(
        ctx,
        lex.outletNouns.before,
        i,
        from,
        Math.max(out[out.length - 1]?.last ?? -1, known[k - 1]?.last ?? -1),
        limit,
        (t) => known[k]?.first === t,
      );
    if (!found) continue;
    out.push(found);
    i = found.last;
  }
  return out;
}

/** "Channel 13", "Channel 12 News". */
function numbered(ctx: Context, i: number, limit: number): Mention | undefined {
  const { tokens, text, lex } = ctx;
  if (!lex.outletNouns.numbered.has(tokens[i].key) || i + 1 >= limit) return undefined;
  const capital = CAPITAL.test(tokens[i].text) || isArabicScript(tokens[i].text);
  if (!capital || !DIGITS.test(tokens[i + 1].key) || !joins(text, tokens[i], tokens[i + 1])) return undefined;
  return mention(ctx, 'tv-channel', i, i + 1, i, i + 1);
}

/** "the Saudi daily Okaz", «صحيفة عكاظ», «وكالة "X"»: the noun, then the name. */
function nameAfterNoun(ctx: Context, nouns: KindedPhrases, i: number, limit: number): Mention | undefined {
  const { tokens, text, lex } = ctx;
  const length = nouns.phrases.startingAt(text, tokens, i, limit);
  if (length === 0) return undefined;
  const kind = kindOf(nouns, tokens, i, length);
  const first = i + length;
  if (!kind || first >= limit) return undefined;
  const gap = text.slice(tokens[first - 1].end, tokens[first].start);
  if (!/^[\s"“«'‘]*$/.test(gap)) return undefined;
  if (QUOTE.test(gap)) {
    // A quoted name: up to the closing quote.
    for (let last = first; last < Math.min(limit, first + 5); last++) {
      const after = text.slice(tokens[last].end, tokens[last + 1]?.start ?? tokens[last].end + 1);
      if (QUOTE.test(after))
        return nameOk(ctx, first, last) ? mention(ctx, kind, i, last, first, last) : undefined;
      if (last + 1 < limit && !joins(text, tokens[last], tokens[last + 1])) return undefined;
    }
    return undefined;
  }
  if (isArabicScript(tokens[first].text)) {
    // Unquoted, one word, and what follows closes the name: a connector, punctuation or a cue
    // («صحيفة عكاظ أن», «روزنامه اطلاعات نوشت»); anything longer is too often a description.
    if (!arabicNameWord(ctx, first) || quotedOnly(ctx, i, length)) return undefined;
    const next = tokens[first + 1];
    // «وكالة» alone is any agency (rating, space, energy: «وكالة موديز»): a news agency only
    // when «للأنباء» follows its name.
    if (length === 1 && tokens[i].key.endsWith(AGENCY)) {
      return next?.key === FOR_NEWS && joins(text, tokens[first], next)
        ? mention(ctx, kind, i, first + 1, first, first)
        : undefined;
    }
    const closes =
      !next ||
      !joins(text, tokens[first], next) ||
      lex.connectors.has(next.key) ||
      lex.after.startingAt(text, tokens, first + 1) > 0;
    return closes ? mention(ctx, kind, i, first, first, first) : undefined;
  }
  // A Latin name after the noun: capitalised words, the noun led by a determiner, a country or an
  // owner ("Israel's"), so that "daily" or "paper" in running text is not taken for an outlet noun.
  if (!CAPITAL.test(tokens[i].text) && !determined(ctx, i)) return undefined;
  let last = first - 1;
  while (last + 1 < Math.min(limit, first + MAX_NAME) && latinNameWord(ctx, last + 1)) {
    if (last >= first && !joins(text, tokens[last], tokens[last + 1])) break;
    last++;
  }
  if (last < first) return undefined;
  // "Radio Monte Carlo": a capitalised noun is part of the name.
  const nameFirst = CAPITAL.test(tokens[i].text) ? i : first;
  return mention(ctx, kind, i, last, nameFirst, last);
}

/** "Haberturk television", "Army Radio": capitalised words, then the noun. */
function nameBeforeNoun(
  ctx: Context,
  nouns: KindedPhrases,
  i: number,
  floor: number,
  taken: number,
  limit: number,
  knownAt: (t: number) => boolean,
): Mention | undefined {
  const { tokens, text } = ctx;
  const length = nouns.phrases.startingAt(text, tokens, i, limit);
  if (length === 0 || isArabicScript(tokens[i].text)) return undefined;
  const kind = kindOf(nouns, tokens, i, length);
  // "Japanese broadcaster NHK": the noun describes the registry name after it.
  if (!kind || knownAt(i + length)) return undefined;
  let first = i;
  while (
    first - 1 >= floor &&
    first - 1 > taken &&
    i - first < MAX_NAME &&
    joins(text, tokens[first - 1], tokens[first]) &&
    latinNameWord(ctx, first - 1)
  )
    first--;
  if (first === i) return undefined;
  // A capitalised noun is part of the name ("Army Radio"); a lower-case one is not.
  const nameLast = CAPITAL.test(tokens[i].text) ? i + length - 1 : i - 1;
  return mention(ctx, kind, first, i + length - 1, first, nameLast);
}

/** The noun at [i, i + length) names an outlet only before a quoted name ("شبكة الكهرباء" is a grid). */
function quotedOnly(ctx: Context, i: number, length: number): boolean {
  const keys = ctx.tokens.slice(i, i + length).map((t) => t.key);
  const { quotedOnly: nouns } = ctx.lex.outletNouns;
  if (nouns.has(keys.join(' '))) return true;
  // A leading و/ف ("وموقع").
  keys[0] = keys[0].slice(1);
  return nouns.has(keys.join(' '));
}

function kindOf(nouns: KindedPhrases, tokens: Token[], i: number, length: number): OutletKind | undefined {
  const keys = tokens.slice(i, i + length).map((t) => t.key);
  const kind = nouns.kinds.get(keys.join(' '));
  if (kind) return kind;
  // A leading و/ف ("وصحيفة").
  keys[0] = keys[0].slice(1);
  return nouns.kinds.get(keys.join(' '));
}

/** The noun at `i` stands after "the", "a", a country, a modifier or an owner's "'s". */
function determined(ctx: Context, i: number): boolean {
  const { tokens, lex, matcher } = ctx;
  for (let back = i - 1; back >= Math.max(0, i - 3); back--) {
    const key = tokens[back].key;
    if (key === 's' || matcher.countryAt(tokens, back)) return true;
    if (!lex.modifiers.has(key)) return false;
    if (key === 'the' || key === 'a' || key === 'its') return true;
  }
  return false;
}

function latinNameWord(ctx: Context, t: number): boolean {
  const { tokens, lex, matcher } = ctx;
  const token = tokens[t];
  if (!CAPITAL.test(token.text) || isArabicScript(token.text)) return false;
  // "Korean" of "South Korean" is no name either.
  return (
    !isLexiconWord(ctx, t) &&
    !matcher.countryAt(tokens, t) &&
    !(t > 0 && CAPITAL.test(tokens[t - 1].text) && matcher.countryAt(tokens, t - 1)?.length === 2) &&
    !lex.anaphorKinds.has(token.key)
  );
}

function arabicNameWord(ctx: Context, t: number): boolean {
  const token = ctx.tokens[t];
  return (
    isArabicScript(token.text) &&
    token.key.length > 1 &&
    !NISBA.test(token.key) &&
    !isLexiconWord(ctx, t) &&
    !ctx.matcher.countryAt(ctx.tokens, t)
  );
}

function isLexiconWord(ctx: Context, t: number): boolean {
  const { lex, tokens, text } = ctx;
  const token = tokens[t];
  return (
    lex.kindNouns.has(token.key) ||
    lex.modifiers.has(token.key) ||
    lex.fillers.has(token.key) ||
    lex.followers.has(token.key) ||
    lex.connectors.has(token.key) ||
    lex.intro.has(token.key) ||
    lex.after.startingAt(text, tokens, t) > 0 ||
    lex.verbFirst.startingAt(text, tokens, t) > 0
  );
}

function nameOk(ctx: Context, first: number, last: number): boolean {
  for (let t = first; t <= last; t++) if (ctx.lex.kindNouns.has(ctx.tokens[t].key)) return false;
  return true;
}

/** The provisional outlet's mention over tokens [first, last], named by tokens [nameFirst, nameLast]. */
function mention(
  ctx: Context,
  kind: OutletKind,
  first: number,
  last: number,
  nameFirst: number,
  nameLast: number,
): Mention {
  const { tokens, text, matcher } = ctx;
  const name = text.slice(tokens[nameFirst].start, tokens[nameLast].end);
  const keys = tokens.slice(nameFirst, nameLast + 1).map((t) => t.key);
  const id = keys
    .join('-')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');
  const country =
    matcher.countryAt(tokens, first - 1)?.code ??
    (tokens[first - 1]?.key === 's' ? matcher.countryAt(tokens, first - 2)?.code : undefined) ??
    matcher.countryAt(tokens, first - 2)?.code ??
    matcher.countryAt(tokens, last + 1)?.code;
  const outlet: OutletRef = { id, name, kind, ...(country ? { country } : {}), unregistered: true };
  return {
    target: { type: 'provisional', outlet },
    first,
    last,
    start: tokens[first].start,
    end: tokens[last].end,
  };
}
