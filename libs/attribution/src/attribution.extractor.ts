import { bodyText, type Attribution, type CanonicalStory, type OutletRef } from '@newswire/contracts';
import { charClass } from './char-class';
import { defaultCueLexicon, joins, type CueLexicon } from './cue-lexicon';
import { matcherFor, type Mention, type MentionMatcher } from './mention-matcher';
import { defaultRegistry, outletRef, type OutletRegistry } from './outlet-registry';
import { splitSentences, type SentenceSpan } from './sentence-splitter';
import { tokenIndexAt, tokenIndexFrom, trimEdgeEnd } from './text-span';
import { tokenize, type Token } from './text-key';

type Story = Pick<CanonicalStory, 'body' | 'language' | 'headline'>;

/** An outlet's noun phrase: its mentions (several when coordinated) and descriptor words. */
interface Group {
  members: Mention[];
  /** First and last token of the phrase, descriptors included. */
  first: number;
  last: number;
  hasKindNoun: boolean[];
}

type CueSide = 'after' | 'before' | 'verb-first' | 'relative';
interface Cue {
  side: CueSide;
  first: number;
  last: number;
}

interface Context {
  text: string;
  tokens: Token[];
  lex: CueLexicon;
  matcher: MentionMatcher;
}

interface Range {
  start: number;
  end: number;
}

const COORDINATOR = /^[\s,،]*(?:(?:and|or|as well as|&|و|یا|أو|ou)\s*)?$/i;
const QUOTES = /["“”«»]/;
const ENDS_WITH_QUOTE = /["”»’']$/;
const isWhite = charClass(/\s/);
const EDGE_PUNCT_START = /^[\s,،;؛:—–\-)\]]+/u;
const SPEECH_VERBS = new Set([
  'said',
  'told',
  'added',
  'reported',
  'stated',
  'noted',
  'wrote',
  'claimed',
  'insisted',
]);
const INTRO_PREPOSITIONS = new Set(
  'in on at during after before earlier later meanwhile speaking separately since following amid with from for while في من بعد خلال وفي در از پس طی'.split(
    ' ',
  ),
);
const CONNECTORS = new Set(['that', 'أن', 'ان', 'إن', 'بأن', 'بان', 'أنه', 'انه', 'إنه', 'فإن', 'فان', 'كه']);

/**
 * Every attribution statement in the story: a claim that the copy pins on a named outlet
 * ("Iran's Fars news agency said ..."), an unnamed source ("state media reported") or, through
 * "the agency said", the outlet last cited. Offsets index into `bodyText(story)`. A name with no
 * cue linking it to a claim ("sanctions on IRIB") is a mention, not an attribution.
 */
export function extractAttributions(
  story: Story,
  registry: OutletRegistry = defaultRegistry(),
): Attribution[] {
  const lex = defaultCueLexicon();
  const text = bodyText(story);
  const tokens = tokenize(text);
  const matcher = matcherFor(registry, lex.anaphors);
  const ctx: Context = { text, tokens, lex, matcher };
  const mentions = matcher.find(text, tokens);
  const sentences = splitSentences(text);
  const out: Attribution[] = [];
  let lastOutlet: OutletRef | undefined;
  let m = 0;
  for (let s = 0; s < sentences.length; s++) {
    const sentence = sentences[s];
    while (m < mentions.length && mentions[m].start < sentence.start) m++;
    if (m === mentions.length || mentions[m].end > sentence.end) continue;
    const inSentence: Mention[] = [];
    while (m < mentions.length && mentions[m].end <= sentence.end) inSentence.push(mentions[m++]);
    // The sentence's tokens are [t, tEnd): looked up only for the few sentences naming a source.
    const t = tokenIndexFrom(tokens, sentence.start);
    const tEnd = Math.max(t, tokenIndexAt(tokens, sentence.end));
    const groups = groupMentions(ctx, absorbDescriptors(ctx, inSentence), t, tEnd - 1);
    for (const group of groups) {
      const cue = findCue(ctx, group, t, tEnd - 1);
      if (!cue) continue;
      const claim = claimFor(ctx, group, cue, sentence, sentences[s - 1]);
      if (!claim) continue;
      for (const speaker of [group, ...includedGroups(ctx, groups, group, cue)]) {
        speaker.members.forEach((member, n) => {
          const target = member.target;
          if (
            target.type === 'outlet' &&
            target.ambiguous &&
            !speaker.hasKindNoun[n] &&
            !isAdjacentPhraseCue(cue, speaker)
          ) {
            return;
          }
          const outlet =
            target.type === 'outlet'
              ? outletRef(target.outlet)
              : target.type === 'unnamed'
                ? {
                    id: `unnamed:${target.source.kind}`,
                    name: target.source.name,
                    kind: target.source.kind,
                    ...(member.country ? { country: member.country } : {}),
                  }
                : lastOutlet;
          if (!outlet) return;
          if (target.type === 'outlet') lastOutlet = outlet;
          const base = target.type === 'outlet' ? 0.9 : target.type === 'unnamed' ? 0.8 : 0.6;
          const confidence =
            base +
            (speaker.hasKindNoun[n] ? 0.05 : 0) -
            (target.type === 'outlet' && target.ambiguous ? 0.1 : 0) -
            (speaker === group ? 0 : 0.1) -
            claim.penalty;
          out.push({
            outlet,
            cue: text.slice(tokens[cue.first].start, tokens[cue.last].end),
            claim: text.slice(claim.start, claim.end),
            sentence: text.slice(claim.sentence.start, claim.sentence.end),
            start: claim.start,
            end: claim.end,
            confidence: Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100,
          });
        });
      }
    }
  }
  return dedupe(out);
}

const INCLUDING = new Set([
  'including',
  'includes',
  'namely',
  'as',
  'بينها',
  'منها',
  'ومنها',
  'بما',
  'از',
  'جمله',
]);

/** "state media, including IRNA and Press TV, said": the outlets named in the aside said it too. */
function includedGroups(ctx: Context, groups: Group[], group: Group, cue: Cue): Group[] {
  if (cue.side !== 'after') return [];
  return groups.filter(
    (g) =>
      g !== group &&
      g.first > group.last &&
      g.last < cue.first &&
      INCLUDING.has(ctx.tokens[g.first - 1]?.key ?? ''),
  );
}

function dedupe(list: Attribution[]): Attribution[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = `${a.outlet.id}|${a.start}|${a.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * "state broadcaster IRIB", "IRNA, the official news agency,": an unnamed-source phrase right
 * beside a named outlet describes it; it is not a second source.
 */
function absorbDescriptors(ctx: Context, mentions: Mention[]): Mention[] {
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
    if (
      cur.target.type === 'unnamed' &&
      prev?.target.type === 'outlet' &&
      besideAsDescriptor(ctx, prev, cur)
    ) {
      const appositive = /[,،]/.test(ctx.text.slice(prev.end, cur.start));
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
  const between = ctx.tokens.slice(left.last + 1, right.first);
  if (between.length > 2) return false;
  if (between.length > 0 && !ctx.matcher.countryAt(ctx.tokens, left.last + 1)) {
    return between.length === 1 && /^(?:a|an|the|its)$/.test(between[0].key) && /^[\s,،]*\S+\s+$/.test(gap);
  }
  for (const token of between) gap = gap.replace(token.text, '');
  return /^[\s,،(]*$/.test(gap);
}

/** Extends each mention over its descriptor words and joins coordinated ones. */
function groupMentions(ctx: Context, mentions: Mention[], floor: number, ceiling: number): Group[] {
  const groups: Group[] = [];
  for (const mention of mentions) {
    const ext = extendMention(ctx, mention, floor, ceiling);
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

const HYPHEN_SUFFIXES = new Set([
  'run',
  'owned',
  'affiliated',
  'linked',
  'controlled',
  'backed',
  'based',
  'aligned',
  'funded',
  'language',
  'official',
  'leaning',
  'affiliate',
]);
const ARABIC_PROCLITIC = /^(?:و|ف|ب|ل|ك|لل|وب|ول)/;

function withoutProclitic(key: string, set: ReadonlySet<string>): boolean {
  if (set.has(key)) return true;
  const m = ARABIC_PROCLITIC.exec(key);
  return !!m && key.length > m[0].length + 1 && set.has(key.slice(m[0].length));
}

/** The mention's noun phrase: "Iran's semi-official Fars news agency", "وكالة تسنيم الإيرانية". */
function extendMention(ctx: Context, mention: Mention, floor: number, ceiling: number) {
  const { tokens, text, lex } = ctx;
  let first = mention.first;
  // A kind noun inside the name counts too: "Fars News Agency".
  let hasKindNoun = false;
  for (let t = mention.first; t <= mention.last && !hasKindNoun; t++)
    hasKindNoun = lex.kindNouns.has(tokens[t].key);
  while (first - 1 >= floor) {
    const prev = tokens[first - 1];
    if (!joins(text, prev, tokens[first])) break;
    if (withoutProclitic(prev.key, lex.kindNouns)) hasKindNoun = true;
    else if (
      prev.key === 's' &&
      first - 2 >= floor &&
      /^['’]$/.test(text.slice(tokens[first - 2].end, prev.start))
    ) {
      first = ownerStart(ctx, first - 2, floor); // "Hezbollah's", "the oil ministry's"
      continue;
    } else if (
      HYPHEN_SUFFIXES.has(prev.key) &&
      first - 2 >= floor &&
      /^[-‐–]$/.test(text.slice(tokens[first - 2].end, prev.start))
    ) {
      first -= 2; // "Houthi-run", "Guards-affiliated"
      continue;
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
      if (PERSON_NOUNS.has(next.key)) {
        // "Al-Manar correspondent Ali Shoeib reported": the reporter's name belongs to the phrase.
        last = skipCapitalized(ctx, last + 1, ceiling);
        continue;
      }
    } else if (!lex.followers.has(next.key) && !/^ال.+(?:يه|ي)$/.test(next.key)) break;
    last++;
  }
  // "state news agency Bernama": a name the registry does not know still belongs to the phrase.
  if (mention.target.type === 'unnamed') last = skipCapitalized(ctx, last, ceiling);
  if (mention.target.type !== 'outlet') hasKindNoun = true;
  return { first, last, hasKindNoun };
}

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

// ", citing local sources,", ", both affiliated with the Guards,": an aside between an outlet and its verb.
const ASIDE =
  /^\s*[,،]\s*(?:citing|quoting|which|who|both|one|two|three|all|an?|the|in|on|its|owned|run|affiliated|close|based|seen|widely|long|also|by|however|meanwhile|for|too|separately|instead|though|likewise|including|such|وابسته|نزدیک|که|التابعة|التابع|المقربة|المقرب|الموالية|التي|الذي)(?![\p{L}\p{M}])[^,.;:"“”\n]{0,100}[,،]/iu;

// Verbs whose hearer follows "to" after the object ("confirmed the seizure to AP"); "said ... to" is
// too often a destination ("said he would go to ...").
const TOLD_TO = new Set([
  'confirmed',
  'explained',
  'described',
  'denied',
  'revealed',
  'admitted',
  'reiterated',
  'repeated',
  'relayed',
  'stressed',
  'leaked',
]);
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

const PERSON_NOUNS = new Set(['correspondent', 'reporter', 'anchor', 'presenter']);

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

const RELATIVE =
  /^\s*[,،]\s*(?:which|who|that)\s+(?:(?:also|earlier|later|had|has|first|previously|on\s+\w+day)\s+)*/i;

/** The cue that links the group to a claim, if any. */
function findCue(ctx: Context, group: Group, floor: number, ceiling: number): Cue | undefined {
  const { text, tokens, lex } = ctx;
  // Outlet then verb, with time words between: "IRNA on Thursday reported", "تسنیم روز پنجشنبه گزارش داد".
  let i = group.last + 1;
  // "SANA, which said five soldiers were killed, ...": a relative clause carries the cue.
  const relative =
    i <= ceiling ? RELATIVE.exec(text.slice(tokens[group.last].end, tokens[ceiling].end)) : null;
  if (relative) {
    const at = tokenIndexAt(tokens, tokens[group.last].end + relative[0].length);
    // Only speech verbs: "IRIB, which broadcast forced confessions," describes, it does not report.
    if (at <= ceiling && SPEECH_VERBS.has(tokens[at].key)) return { side: 'relative', first: at, last: at };
  }
  const aside = i <= ceiling ? ASIDE.exec(text.slice(tokens[group.last].end, tokens[ceiling].end)) : null;
  if (aside) {
    const resume = tokens[group.last].end + aside[0].length;
    while (i <= ceiling && tokens[i].start < resume) i++;
  }
  for (let fillers = 0; i <= ceiling && fillers <= 5; i++, fillers++) {
    const gap = aside && fillers === 0 ? '' : text.slice(tokens[i - 1].end, tokens[i].start);
    // "(IRNA) reported": the closing bracket of a name given twice.
    const first = group.members[group.members.length - 1].appositive ? /^\s*[,،]?\s*$/ : /^\s*[)\]]?\s*$/;
    if (!(fillers === 0 ? first : /^[\s\u200c]*$/).test(gap)) break;
    const len = lex.after.startingAt(text, tokens, i, ceiling + 1);
    if (len > 0) return { side: 'after', first: i, last: i + len - 1 };
    if (!lex.fillers.has(tokens[i].key)) break;
  }
  const clauseFinal = clauseFinalVerb(ctx, group, floor, ceiling);
  if (clauseFinal) return clauseFinal;
  const before = group.first - 1;
  if (before < floor) return undefined;
  const gap = text.slice(tokens[before].end, tokens[group.first].start);
  const joined = /^[\s\u200c]*$/.test(gap);
  if (joined) {
    const phrase = lex.before.endingAt(text, tokens, before, floor);
    if (phrase > 0) return { side: 'before', first: before - phrase + 1, last: before };
    const verb = lex.verbFirst.endingAt(text, tokens, before, floor);
    if (verb > 0) return { side: 'verb-first', first: before - verb + 1, last: before };
  }
  if (/^\s*$/.test(gap)) {
    const inverted = lex.inverted.endingAt(text, tokens, before, floor);
    if (inverted > 0) {
      const start = before - inverted + 1;
      const lead = start > floor ? text.slice(tokens[start - 1].end, tokens[start].start) : '';
      if (/[,،"”»]/.test(lead)) return { side: 'verb-first', first: start, last: before };
    }
  }
  // "told" with the object first: "قال الوزير لقناة المنار", "confirmed the seizure to The Associated
  // Press" — a speech verb, a few words, then ل / "to" on the outlet phrase.
  const arabicTo = /^ل/.test(tokens[group.first].key) && /[\u0600-\u06ff]/.test(tokens[group.first].text);
  const englishTo = tokens[before].key === 'to' && joined;
  if (arabicTo || englishTo) {
    for (let v = englishTo ? before - 1 : before; v >= Math.max(floor, before - 8); v--) {
      if (v < before && !joins(text, tokens[v], tokens[v + 1])) break;
      if (englishTo) {
        if (TOLD_TO.has(tokens[v].key)) return { side: 'before', first: v, last: v };
        continue;
      }
      const verb = lex.verbFirst.endingAt(text, tokens, v, floor);
      if (verb > 0) return { side: 'before', first: v - verb + 1, last: v };
    }
  }
  return undefined;
}

const CLAUSE_BREAK = /[،,:؛;()]/;
const OBJECT_MARKER = 'را';

/**
 * Persian puts the verb at the end of its clause: "شبکه المیادین تصاویری از ... پخش کرد". When
 * the outlet opens a clause in Arabic script, the clause's verb is its cue (unless را marks the
 * outlet as the object).
 */
function clauseFinalVerb(ctx: Context, group: Group, floor: number, ceiling: number): Cue | undefined {
  const { text, tokens, lex } = ctx;
  if (!/[\u0600-\u06ff]/.test(tokens[group.first].text)) return undefined;
  const clauseStart =
    group.first === floor ||
    CLAUSE_BREAK.test(text.slice(tokens[group.first - 1].end, tokens[group.first].start));
  if (
    !clauseStart &&
    !(
      group.first - 1 >= floor &&
      lex.intro.has(tokens[group.first - 1].key) &&
      (group.first - 1 === floor ||
        CLAUSE_BREAK.test(text.slice(tokens[group.first - 2].end, tokens[group.first - 1].start)))
    )
  ) {
    return undefined;
  }
  let from = group.last + 1;
  if (from <= ceiling && tokens[from].key === OBJECT_MARKER) return undefined;
  // "خبرگزاری تسنیم، وابسته به سپاه، ... متهم کرد": skip the aside.
  const aside = from <= ceiling ? ASIDE.exec(text.slice(tokens[group.last].end, tokens[ceiling].end)) : null;
  if (aside) {
    const resume = tokens[group.last].end + aside[0].length;
    while (from <= ceiling && tokens[from].start < resume) from++;
  }
  for (let i = from; i <= Math.min(ceiling, from + 14); i++) {
    if (i > from && CLAUSE_BREAK.test(text.slice(tokens[i - 1].end, tokens[i].start))) return undefined;
    if (tokens[i].key === 'كه') return undefined;
    const len = lex.after.startingAt(text, tokens, i, ceiling + 1);
    if (len > 0) return { side: 'after', first: i, last: i + len - 1 };
  }
  return undefined;
}

/** "according to Fars", "به گزارش فارس": a phrase cue right before the name vouches for an ambiguous one. */
function isAdjacentPhraseCue(cue: Cue, group: Group): boolean {
  return cue.side === 'before' && cue.last === group.first - 1;
}

interface Claim extends Range {
  sentence: Range;
  penalty: number;
}

/**
 * The attributed statement: the clause on the other side of the cue from where the outlet
 * stands. A post-posed attribution ("..., IRIB said") claims what precedes it; a leading one
 * ("According to IRNA, ...", "Fars said ...") what follows.
 */
function claimFor(
  ctx: Context,
  group: Group,
  cue: Cue,
  sentence: SentenceSpan,
  previous?: SentenceSpan,
): Claim | undefined {
  const { text, tokens } = ctx;
  const groupStart = tokens[group.first].start;
  const groupEnd = tokens[group.last].end;
  const cueStart = tokens[cue.first].start;
  const cueEnd = tokens[cue.last].end;
  const leftEnd = cue.side === 'after' ? groupStart : Math.min(cueStart, groupStart);
  if (cue.side === 'relative') {
    // The claim runs to the end of the relative clause.
    const stop = /[,،;؛]/.exec(text.slice(cueEnd, sentence.end));
    const claim = trimRightSide(ctx, { start: cueEnd, end: stop ? cueEnd + stop.index : sentence.end });
    return claim.end > claim.start
      ? { start: claim.start, end: claim.end, sentence, penalty: 0.05 }
      : undefined;
  }
  const rightStart = cue.side === 'after' ? cueEnd : Math.max(groupEnd, cueEnd);
  const left = trimLeftSide(text, { start: sentence.start, end: leftEnd });
  const right = trimRightSide(ctx, { start: rightStart, end: sentence.end });
  const leftWords = wordCount(ctx, left, ctx.lex.intro);
  const rightWords = wordCount(ctx, right, ctx.lex.fillers);
  const leftText = text.slice(left.start, left.end);
  const lead = text.slice(left.end, leftEnd);
  // Persian verb-final clauses hold the claim between outlet and verb: "المیادین تصاویری ... پخش کرد".
  const aside = cue.side === 'after' ? ASIDE.exec(text.slice(groupEnd, cueStart)) : null;
  const middle =
    cue.side === 'after'
      ? trimRightSide(ctx, { start: groupEnd + (aside ? aside[0].length : 0), end: cueStart }, true)
      : undefined;
  const middleWords = middle ? wordCount(ctx, middle, ctx.lex.fillers) : 0;
  let chosen: Range | undefined;
  let penalty = 0;
  // "confirmed the seizure to AP": what was confirmed stands between the verb and "to".
  if (
    cue.side === 'before' &&
    tokens[group.first - 1]?.key === 'to' &&
    cue.last < group.first - 1 &&
    rightWords === 0
  ) {
    const between = trimLeftSide(text, { start: cueEnd, end: tokens[group.first - 1].start });
    if (between.end > between.start)
      return { start: between.start, end: between.end, sentence, penalty: 0.1 };
  }
  // '"...," IRIB said' and '"...," the minister told state TV': a quote that opens the sentence.
  const quoteFirst = /^["“«]/.test(leftText) && /["”»][,،]/.test(leftText);
  if (leftWords > 0 && (ENDS_WITH_QUOTE.test(leftText) || /["”»]/.test(lead) || quoteFirst)) chosen = left;
  else if (right.connector && rightWords > 0) chosen = right;
  else if (leftWords <= 2 && rightWords === 0 && middle && middleWords > 0) chosen = middle;
  else if (leftWords <= 2) chosen = rightWords > 0 ? right : leftWords > 0 ? left : undefined;
  else if (rightWords === 0) chosen = left;
  // "In a report on Thursday, IRNA said ...": an introductory phrase, not the claim.
  else if (/[,،]/.test(lead) && INTRO_PREPOSITIONS.has(tokens[tokenIndexAt(tokens, left.start)]?.key ?? ''))
    chosen = right;
  else if (rightWords <= 3 && !QUOTES.test(text.slice(right.start, right.end))) chosen = left;
  else if (/[,،]/.test(lead)) {
    chosen = left;
    penalty = 0.1;
  } else {
    chosen = right;
    penalty = 0.05;
  }
  // Fields named, not spread: `chosen` comes in two shapes, and spreading either is slow.
  if (chosen) return { start: chosen.start, end: chosen.end, sentence, penalty };
  // '"We will respond." IRIB said.' — the quote the bare attribution follows.
  if (previous && ENDS_WITH_QUOTE.test(text.slice(previous.start, previous.end).replace(/[.!?؟]+$/, ''))) {
    return {
      ...trimLeftSide(text, previous),
      sentence: { start: previous.start, end: sentence.end },
      penalty: 0.1,
    };
  }
  return undefined;
}

function trimLeftSide(text: string, range: Range): Range {
  let { start, end } = range;
  end = trimEdgeEnd(text, start, end);
  while (start < end && isWhite(text.charCodeAt(start))) start++;
  return { start, end: Math.max(start, end) };
}

function trimRightSide(ctx: Context, range: Range, beforeVerb = false): Range & { connector: boolean } {
  const { text, tokens, lex } = ctx;
  let { start, end } = range;
  end = trimEdgeEnd(text, start, end);
  const saying = /\bas (?:saying|having said)\b/.exec(text.slice(start, end));
  if (saying) start += saying.index + saying[0].length;
  const head = EDGE_PUNCT_START.exec(text.slice(start, end));
  if (head) start += head[0].length;
  // Time words then a connector ("on Thursday that ...", "روز پنجشنبه که", "أن") lead into the
  // claim; time words alone ("a list of ...") may be the claim itself.
  for (let i = tokenIndexAt(tokens, start); i < tokens.length && tokens[i].end <= end; i++) {
    if (QUOTES.test(text.slice(start, tokens[i].start))) break;
    if (CONNECTORS.has(tokens[i].key)) {
      const after = EDGE_PUNCT_START.exec(text.slice(tokens[i].end, end));
      return { start: tokens[i].end + (after ? after[0].length : 0), end, connector: true };
    }
    // "speaking to Al Jazeera, said the talks had failed": the speech verb is not part of the claim.
    if (i === tokenIndexAt(tokens, start) && SPEECH_VERBS.has(tokens[i].key) && tokens[i].end < end) {
      start = tokens[i].end;
      continue;
    }
    if (!lex.fillers.has(tokens[i].key)) {
      // Before a verb-final cue the time words are never the claim: "شامگاه دوشنبه اعترافات ...".
      if (beforeVerb) start = tokens[i].start;
      break;
    }
  }
  const lead = EDGE_PUNCT_START.exec(text.slice(start, end));
  if (lead) start += lead[0].length;
  return { start: Math.min(start, end), end, connector: false };
}

/** Words in the range not in `ignore`, counted up to 4: callers compare the count with 0 to 3. */
function wordCount(ctx: Context, range: Range, ignore: ReadonlySet<string>): number {
  let n = 0;
  for (let i = tokenIndexAt(ctx.tokens, range.start); i < ctx.tokens.length && n < 4; i++) {
    const token = ctx.tokens[i];
    if (token.start >= range.end) break;
    if (!ignore.has(token.key)) n++;
  }
  return n;
}
