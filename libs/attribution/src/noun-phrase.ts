import { joins } from './cue-lexicon';
import type { Context, Cue, Group } from './extraction-context';
import type { Mention } from './mention-matcher';

const POSSESSIVE_APPOSITION = /^\s*,\s*(?:the\s+)?[\p{L}-]+(?:\s+[\p{L}-]+)?['’]s\s+$/u;
const APPOSITION_END = /^\s*(?:[,،.;:؛)\]—–]|$)/;
const COORDINATOR = /^[\s,،]*(?:(?:and|or|as well as|&|و|یا|أو|ou)\s*)?$/i;
const ARABIC_PROCLITIC = /^(?:و|ف|ب|ل|ک|لل|وب|ول)/;

/** "state media, including IRNA and Press TV, said": the outlets named in the aside said it too. */
export function includedGroups(ctx: Context, groups: Group[], group: Group, cue: Cue): Group[] {
  if (cue.side !== 'after') return [];
  return groups.filter(
    (g) =>
      g !== group &&
      g.first > group.last &&
      g.last < cue.first &&
      ctx.lex.including.has(ctx.tokens[g.first - 1]?.key ?? ''),
  );
}

/**
 * "state broadcaster IRIB", "IRNA, the official news agency,": an unnamed-source phrase right
 * beside a named outlet describes it; it is not a second source.
 */
export function absorbDescriptors(ctx: Context, mentions: Mention[]): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < mentions.length; i++) {
    const cur = mentions[i];
    const next = mentions[i + 1];
    if (
      cur.target.type === 'unnamed' &&
      next?.target.type === 'outlet' &&
      besideAsDescriptor(ctx, cur, next)
    ) {
      // "Iran's official news agency, IRNA, reported": the name stands in apposition.
      const appositive = /[,،]/.test(ctx.text.slice(cur.end, next.start));
      // Fields named, not spread (a generic copy): an outlet's mention has just these.
      out.push({
        target: next.target,
        first: cur.first,
        last: next.last,
        start: cur.start,
        end: next.end,
        appositive,
      });
      i++;
      continue;
    }
    const prev = out[out.length - 1];
    const appositive = !!prev && /[,،]/.test(ctx.text.slice(prev.end, cur.start));
    if (
      cur.target.type === 'unnamed' &&
      prev?.target.type === 'outlet' &&
      besideAsDescriptor(ctx, prev, cur) &&
      // "IRNA, the official agency, said": an apposition is set off on both sides; in «به گزارش
      // ایمنا، رسانه رسمی کره امروز ... اعلام کرد» the source after the comma is the subject.
      (!appositive || APPOSITION_END.test(ctx.text.slice(cur.end, cur.end + 3)))
    ) {
      out[out.length - 1] = {
        target: prev.target,
        first: prev.first,
        last: cur.last,
        start: prev.start,
        end: cur.end,
        appositive,
      };
      continue;
    }
    // "Islamic Republic News Agency (IRNA)": one outlet named twice.
    if (
      prev?.target.type === 'outlet' &&
      cur.target.type === 'outlet' &&
      prev.target.outlet.id === cur.target.outlet.id &&
      /^\s*[([]\s*$/.test(ctx.text.slice(prev.end, cur.start))
    ) {
      const closing = /^\s*[)\]]/.exec(ctx.text.slice(cur.end));
      out[out.length - 1] = { ...prev, last: cur.last, end: cur.end + (closing ? closing[0].length : 0) };
      continue;
    }
    out.push(cur);
  }
  return out;
}

function besideAsDescriptor(ctx: Context, left: Mention, right: Mention): boolean {
  // Between them only punctuation, an article, or the country of an unnamed source
  // ("خبرگزاری رسمی سوریه (سانا)").
  let gap = ctx.text.slice(left.end, right.start);
  if (/\n/.test(gap)) return false;
  // "KCNA, the North's official news agency, said": an owner before the descriptor.
  if (left.target.type === 'outlet' && POSSESSIVE_APPOSITION.test(gap)) return true;
  const between = ctx.tokens.slice(left.last + 1, right.first);
  if (between.length > 2) return false;
  if (between.length > 0 && !ctx.matcher.countryAt(ctx.tokens, left.last + 1)) {
    return between.length === 1 && /^(?:a|an|the|its)$/.test(between[0].key) && /^[\s,،–—]*\S+\s+$/.test(gap);
  }
  for (const token of between) gap = gap.replace(token.text, '');
  return /^[\s,،(–—]*$/.test(gap);
}

/** Extends each mention over its descriptor words and joins coordinated ones. */
export function groupMentions(ctx: Context, mentions: Mention[], floor: number, ceiling: number): Group[] {
  const groups: Group[] = [];
  for (const found of mentions) {
    const ext = extendMention(ctx, found, floor, ceiling);
    // "The rebel channel, Al Masirah, said": the name closing an apposition takes a comma before its verb.
    const mention = ext.appositive ? { ...found, appositive: true } : found;
    const prev = groups[groups.length - 1];
    if (
      prev &&
      prev.last < ext.first &&
      COORDINATOR.test(ctx.text.slice(ctx.tokens[prev.last].end, ctx.tokens[ext.first].start))
    ) {
      prev.members.push(mention);
      prev.last = ext.last;
      // "خبرگزاری‌های تسنیم و فارس", "the Fars and Tasnim news agencies": one kind noun serves all.
      prev.hasKindNoun.push(ext.hasKindNoun || prev.hasKindNoun[0]);
      if (ext.hasKindNoun) prev.hasKindNoun.fill(true);
      continue;
    }
    if (prev && prev.last >= ext.first) {
      prev.members.push(mention);
      prev.last = Math.max(prev.last, ext.last);
      prev.hasKindNoun.push(ext.hasKindNoun);
      continue;
    }
    groups.push({ members: [mention], first: ext.first, last: ext.last, hasKindNoun: [ext.hasKindNoun] });
  }
  return groups;
}

function withoutProclitic(key: string, set: ReadonlySet<string>): boolean {
  if (set.has(key)) return true;
  const m = ARABIC_PROCLITIC.exec(key);
  return !!m && key.length > m[0].length + 1 && set.has(key.slice(m[0].length));
}

/** The mention's noun phrase: "Iran's semi-official Fars news agency", "وكالة تسنيم الإيرانية". */
export function extendMention(ctx: Context, mention: Mention, floor: number, ceiling: number) {
  const { tokens, text, lex } = ctx;
  let first = mention.first;
  // A kind noun inside the name counts too: "Fars News Agency".
  let hasKindNoun = false;
  for (let t = mention.first; t <= mention.last && !hasKindNoun; t++)
    hasKindNoun = lex.kindNouns.has(tokens[t].key);
  let appositive = false;
  let noun = -1;
  while (first - 1 >= floor) {
    const prev = tokens[first - 1];
    if (!joins(text, prev, tokens[first])) {
      const descriptor = first === mention.first ? descriptorBefore(ctx, first, floor) : -1;
      if (descriptor < 0) break;
      first = descriptor; // "the rebel channel, Al Masirah": the apposition names the same outlet
      appositive = hasKindNoun = true;
      break;
    }
    if (withoutProclitic(prev.key, lex.kindNouns)) hasKindNoun = true;
    else if (
      prev.key === 's' &&
      first - 2 >= floor &&
      /^['’]$/.test(text.slice(tokens[first - 2].end, prev.start))
    ) {
      first = ownerStart(ctx, first - 2, floor); // "Hezbollah's", "the oil ministry's"
      continue;
    } else if (
      PLURAL_POSSESSIVE.test(prev.key) &&
      /^['’]\s+$/.test(text.slice(prev.end, tokens[first].start))
    ) {
      first = ownerStart(ctx, first - 1, floor); // "the rebels' Saba news agency"
      continue;
    } else if (
      lex.hyphenSuffixes.has(prev.key) &&
      first - 2 >= floor &&
      /^[-‐–]$/.test(text.slice(tokens[first - 2].end, prev.start))
    ) {
      first = ownerStart(ctx, first - 2, floor); // "Houthi-run", "Supreme Leader-affiliated"
      continue;
    } else if (
      !lex.modifiers.has(prev.key) &&
      first - 2 >= floor &&
      ctx.matcher.countryAt(tokens, first - 2)?.length === 2 &&
      joins(text, tokens[first - 2], prev)
    ) {
      first -= 2; // "South Korean news agency Yonhap"
      continue;
    } else if ((noun = nounBeforeAdjectives(ctx, first - 1, floor)) >= 0) {
      first = noun; // «روزنامه عبری‌زبان و مشهور هاآرتص»
      hasKindNoun = true;
      break;
    } else if (!lex.modifiers.has(prev.key) && !ctx.matcher.countryAt(tokens, first - 1)) break;
    first--;
  }
  let last = mention.last;
  while (last + 1 <= ceiling) {
    const next = tokens[last + 1];
    const gap = text.slice(tokens[last].end, next.start);
    const owned = next.key === 's' && /^['’]$/.test(gap) ? possessedNoun(ctx, last + 2, ceiling) : -1;
    if (owned >= 0) {
      last = owned; // "Al-Manar's website", "IRIB's Persian-language news channel"
      hasKindNoun = true;
      // "Al Jazeera's correspondent in Sanaa"
      const place = tokens[last + 2];
      if (tokens[last + 1]?.key === 'in' && place && last + 2 <= ceiling && /^\p{Lu}/u.test(place.text))
        last += 2;
      continue;
    }
    if (!joins(text, tokens[last], next)) break;
    const affiliation = lex.affiliations.startingAt(text, tokens, last + 1, ceiling + 1);
    if (affiliation > 0) {
      last = skipOwner(ctx, last + affiliation, ceiling);
      continue;
    }
    if (lex.kindNouns.has(next.key)) {
      hasKindNoun = true;
      if (lex.personNouns.has(next.key)) {
        // "Al-Manar correspondent Ali Shoeib reported": the reporter's name belongs to the phrase.
        last = skipCapitalized(ctx, last + 1, ceiling);
        continue;
      }
    } else if (
      !lex.followers.has(next.key) &&
      !/^ال.{2,}(?:یه|ی)$/.test(next.key) &&
      // «این روزنامه صهیونیستی»: a later reference's adjective.
      !(mention.target.type === 'anaphor' && persianAdjective(ctx, last + 1))
    ) {
      const country = countryInPhrase(ctx, last, ceiling, hasKindNoun);
      if (country.last === last) break;
      last = country.last;
      hasKindNoun ||= country.noun;
      continue;
    } else if (endsAsCue(ctx, last + 1, ceiling)) break; // "IRNA reports." is a cue, not "IRNA reports" the noun
    last++;
  }
  // "state news agency Bernama": a name the registry does not know still belongs to the phrase.
  if (mention.target.type === 'unnamed') last = skipCapitalized(ctx, last, ceiling);
  if (mention.target.type !== 'outlet') hasKindNoun = true;
  return { first, last, hasKindNoun, appositive };
}

/**
 * A country after the phrase's last token `last` that belongs to it: before a kind noun ("the
 * Yonhap South Korean news agency"), or in Persian after a named paper («مجله اشپیگل آلمان»). The
 * phrase's new last token (`last` when none), and whether a kind noun came with it.
 */
function countryInPhrase(
  ctx: Context,
  last: number,
  ceiling: number,
  hasKindNoun: boolean,
): { last: number; noun: boolean } {
  const { tokens, text, lex } = ctx;
  const country = ctx.matcher.countryAt(tokens, last + 1);
  if (!country) return { last, noun: false };
  const noun = tokens[last + 1 + country.length];
  if (
    noun &&
    last + country.length + 1 <= ceiling &&
    lex.kindNouns.has(noun.key) &&
    joins(text, tokens[last + country.length], noun)
  )
    return { last: last + country.length + 1, noun: true };
  if (hasKindNoun && ctx.language === 'fa' && last + country.length <= ceiling)
    return { last: last + country.length, noun: false };
  return { last, noun: false };
}

const PLURAL_POSSESSIVE = /^[a-z]{2,}s$/;
// A Persian adjective of origin or kind: «عبری», «صهیونیستی», «آمریکایی».
const NISBA = /^[\u0600-\u06ff]{2,}ی$/;
const ADJECTIVES_BEFORE_NAME = 4;

/** In Persian copy, an adjective at `t` (an -ی adjective or a modifier) that is no time or filler word. */
function persianAdjective(ctx: Context, t: number): boolean {
  const { tokens, lex } = ctx;
  const key = tokens[t].key;
  if (ctx.language !== 'fa' || lex.fillers.has(key)) return false;
  return NISBA.test(key) || lex.modifiers.has(key);
}

/**
 * «روزنامه صهیونیستی هآرتص», «روزنامه عبری زبان و مشهور هاآرتص»: Persian adjectives between a
 * kind noun and the name. The kind noun's token, or -1.
 */
function nounBeforeAdjectives(ctx: Context, at: number, floor: number): number {
  const { tokens, text, lex } = ctx;
  if (!persianAdjective(ctx, at)) return -1;
  for (let t = at - 1; t >= Math.max(floor, at - ADJECTIVES_BEFORE_NAME); t--) {
    if (!/^\s+$/.test(text.slice(tokens[t].end, tokens[t + 1].start))) return -1;
    if (withoutProclitic(tokens[t].key, lex.kindNouns)) return t;
    if (tokens[t].key !== 'و' && !persianAdjective(ctx, t)) return -1;
  }
  return -1;
}
const APPOSITION_COMMA = /^\s*,\s*$/;

/**
 * "said the rebel channel, Al Masirah": an article, up to two words and an outlet kind noun, then a
 * comma right before a name, describe the outlet the name gives. The first token of that
 * description, or -1.
 */
function descriptorBefore(ctx: Context, first: number, floor: number): number {
  const { text, tokens, lex } = ctx;
  const noun = first - 1;
  if (noun < floor || !APPOSITION_COMMA.test(text.slice(tokens[noun].end, tokens[first].start))) return -1;
  if (!lex.kindNouns.has(tokens[noun].key) || lex.personNouns.has(tokens[noun].key)) return -1;
  for (let t = noun - 1; t >= Math.max(floor, noun - 3); t--) {
    if (!/^\s+$/.test(text.slice(tokens[t].end, tokens[t + 1].start))) return -1;
    if (ARTICLES.has(tokens[t].key)) return t;
  }
  return -1;
}

const ARTICLES = new Set(['the', 'a', 'an']);

/** First word of a possessive owner ending at `owner`: up to two more words, never a cue. */
function ownerStart(ctx: Context, owner: number, floor: number): number {
  const { text, tokens, lex } = ctx;
  let first = owner;
  for (let n = 0; n < 2 && first - 1 >= floor; n++) {
    const prev = first - 1;
    if (!/^\s+$/.test(text.slice(tokens[prev].end, tokens[first].start))) break;
    if (
      lex.before.endingAt(text, tokens, prev, floor) > 0 ||
      lex.verbFirst.endingAt(text, tokens, prev, floor) > 0
    )
      break;
    if (lex.after.startingAt(text, tokens, prev) > 0 || lex.intro.has(tokens[prev].key)) break;
    first = prev;
  }
  return first;
}

/** Up to three words of an owner's name after "affiliated with", stopping at a cue verb. */
function skipOwner(ctx: Context, last: number, ceiling: number): number {
  const { text, tokens, lex } = ctx;
  for (let n = 0; n < 3 && last + 1 <= ceiling; n++) {
    if (!joins(text, tokens[last], tokens[last + 1])) break;
    if (lex.after.startingAt(text, tokens, last + 1, ceiling + 1) > 0) break;
    last++;
  }
  return last;
}

/** Last token of "website", "Arabic service", "Persian-language news channel" starting at `i`, or -1. */
function possessedNoun(ctx: Context, i: number, ceiling: number): number {
  const { text, tokens, lex } = ctx;
  for (let n = 0; n < 4 && i + n <= ceiling; n++) {
    const t = tokens[i + n];
    if (n > 0 && !joins(text, tokens[i + n - 1], t)) return -1;
    if (lex.possessiveNouns.has(t.key) || lex.kindNouns.has(t.key)) {
      // Take the whole noun ("news channel", not "news").
      let end = i + n;
      while (
        end + 1 <= ceiling &&
        joins(text, tokens[end], tokens[end + 1]) &&
        (lex.possessiveNouns.has(tokens[end + 1].key) || lex.kindNouns.has(tokens[end + 1].key))
      )
        end++;
      return end;
    }
    if (!lex.modifiers.has(t.key) && !lex.followers.has(t.key)) return -1;
  }
  return -1;
}

/** Past up to three capitalised words (a name) after token `last`, never a time word. */
function skipCapitalized(ctx: Context, last: number, ceiling: number): number {
  const { text, tokens, lex } = ctx;
  for (let n = 0; n < 3 && last + 1 <= ceiling; n++) {
    const next = tokens[last + 1];
    if (
      !/^\s+$/.test(text.slice(tokens[last].end, next.start)) ||
      !/^\p{Lu}/u.test(next.text) ||
      lex.fillers.has(next.key)
    ) {
      break;
    }
    last++;
  }
  return last;
}

/** The word at `i` is a cue that ends its clause or leads into one ("..., IRNA reports.", "reports that"). */
function endsAsCue(ctx: Context, i: number, ceiling: number): boolean {
  const { text, tokens, lex } = ctx;
  if (lex.after.startingAt(text, tokens, i, ceiling + 1) === 0) return false;
  const next = tokens[i + 1];
  return i === ceiling || !next || !joins(text, tokens[i], next) || lex.connectors.has(next.key);
}
