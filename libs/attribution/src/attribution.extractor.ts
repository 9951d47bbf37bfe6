import {
  bodyText,
  StageError,
  type Attribution,
  type CanonicalStory,
  type OutletRef,
} from '@newswire/contracts';
import { claimFor, MAX_CLAIM, trimRightSide, type Claim } from './claim-span';
import { confidenceOf } from './confidence';
import { findCue, vouchesForName } from './cue-finder';
import { cuesFor, defaultCueLexicon, joins } from './cue-lexicon';
import type { Context, Cue, Group, Range } from './extraction-context';
import { isAmbiguous, matcherFor, type Mention } from './mention-matcher';
import { absorbDescriptors, groupMentions, includedGroups } from './noun-phrase';
import { OutletMemory } from './outlet-memory';
import { defaultRegistry, outletRef, type OutletRegistry } from './outlet-registry';
import { findProvisional } from './provisional-outlets';
import { splitSentences } from './sentence-splitter';
import { tokenIndexAt, tokenIndexFrom } from './text-span';
import { tokenize } from './text-key';

type Story = Pick<CanonicalStory, 'body' | 'language' | 'headline'>;

/** Caps on what one story yields: the work and the output stay linear in its length. */
export interface AttributionLimits {
  perStory: number;
  perSentence: number;
  /**
   * CPU time one story may take: past it the story is refused as TOO_COSTLY rather than holding
   * its partition (and the event loop) past the consumer's session timeout.
   */
  budgetMs: number;
}

/**
 * Far above what real copy holds (a press review cites a few dozen outlets); the 1 MB worst case
 * takes about 1 s, so the budget only catches shapes nobody has found yet.
 */
export const DEFAULT_LIMITS: AttributionLimits = { perStory: 200, perSentence: 12, budgetMs: 5000 };

/** The longest `sentence` an attribution carries: a longer sentence is cut around the cue and claim. */
export const MAX_SENTENCE = 2 * MAX_CLAIM;

export interface AttributionResult {
  attributions: Attribution[];
  /** Sources left unexamined because a cap was reached (0 for any ordinary story): log it. */
  truncated: number;
}

/**
 * Every attribution statement in the story: a claim that the copy pins on a named outlet
 * ("Iran's Fars news agency said ..."), an unnamed source ("state media reported"), an outlet the
 * registry lacks named beside an outlet noun ("the Saudi daily Okaz reported") or, through "the
 * agency said", the outlet last cited. Offsets index into `bodyText(story)`. A name with no
 * cue linking it to a claim ("sanctions on IRIB") is a mention, not an attribution.
 */
export function extractAttributions(
  story: Story,
  registry: OutletRegistry = defaultRegistry(),
): Attribution[] {
  return attributeStory(story, registry).attributions;
}

/**
 * `extractAttributions` with its caps and how many sources they cut; throws a TOO_COSTLY
 * StageError when the story takes longer than `limits.budgetMs`.
 */
export function attributeStory(
  story: Story,
  registry: OutletRegistry = defaultRegistry(),
  limits: AttributionLimits = DEFAULT_LIMITS,
): AttributionResult {
  const started = performance.now();
  const language = story.language.slice(0, 2).toLowerCase();
  const lex = cuesFor(defaultCueLexicon(), language);
  const text = bodyText(story);
  const tokens = tokenize(text);
  const matcher = matcherFor(registry, lex.anaphors);
  const ctx: Context = { text, language, tokens, lex, matcher };
  const known = matcher.find(text, tokens);
  const anaphors = known.some((mention) => mention.target.type === 'anaphor');
  const named = anaphors ? known.filter((mention) => mention.target.type !== 'anaphor') : known;
  const mentions = withoutDescriptiveAnaphors(
    ctx,
    merge(known, findProvisional(ctx, named, 0, tokens.length)),
  );
  const sentences = splitSentences(text);
  const memory = new OutletMemory();
  const out: Attribution[] = [];
  let truncated = 0;
  let m = 0;
  for (let s = 0; s < sentences.length; s++) {
    if (performance.now() - started > limits.budgetMs)
      throw new StageError(
        'TOO_COSTLY',
        `attribution took over ${limits.budgetMs} ms (${s} of ${sentences.length} sentences read)`,
      );
    const sentence = sentences[s];
    while (m < mentions.length && mentions[m].start < sentence.start) m++;
    const inSentence: Mention[] = [];
    while (m < mentions.length && mentions[m].end <= sentence.end) inSentence.push(mentions[m++]);
    if (inSentence.length === 0) {
      const bare = memory.speakerBefore(s) && bareVerb(ctx, sentence);
      if (bare && out.length < limits.perStory) {
        const outlet = memory.speakerBefore(s)!;
        out.push(attribution(ctx, outlet, bare.cue, bare.claim, 0.55));
        memory.spoke(outlet, s);
      }
      continue;
    }
    if (out.length >= limits.perStory) {
      truncated += inSentence.length;
      continue;
    }
    // The sentence's tokens are [t, tEnd): looked up only for the few sentences naming a source.
    const t = tokenIndexFrom(tokens, sentence.start);
    const tEnd = Math.max(t, tokenIndexAt(tokens, sentence.end));
    const groups = groupMentions(ctx, absorbDescriptors(ctx, inSentence), t, tEnd - 1);
    let found = 0;
    // Groups an earlier group's aside named as included ("state media, including IRNA, said"):
    // they spoke with it, and are not read again.
    let included: Set<Group> | undefined;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      if (included?.has(group)) continue;
      if (found >= limits.perSentence || out.length >= limits.perStory) {
        truncated++;
        continue;
      }
      const cue = findCue(ctx, group, t, tEnd - 1) ?? listHeadCue(ctx, group, groups[g + 1], t, tEnd - 1);
      const claim =
        cue && !isObjectOfAct(ctx, group, cue)
          ? claimFor(ctx, group, cue, sentence, sentences[s - 1])
          : undefined;
      const before = found;
      if (cue && claim) {
        for (const speaker of [group, ...includedGroups(ctx, groups, group, cue)]) {
          if (speaker !== group) (included ??= new Set()).add(speaker);
          speaker.members.forEach((member, n) => {
            const outlet = speakerOf(ctx, memory, member, speaker, n, cue, s);
            if (!outlet) return;
            const confidence = confidenceOf({
              ambiguous: isAmbiguous(member.target, ctx.language),
              target: member.target,
              hasKindNoun: speaker.hasKindNoun[n],
              included: speaker !== group,
              penalty: claim.penalty,
            });
            out.push(attribution(ctx, outlet, cue, claim, confidence));
            found++;
            const head = member.target.type === 'outlet' ? undefined : headNoun(ctx, member);
            memory.spoke(outlet, s, relaysAnother(ctx, claim), head);
          });
        }
      }
      // An outlet an act falls on ("the strike on IRIB's building") is no antecedent either; a
      // possessor ("a crew of the channel") is one.
      if (!followsObjectPreposition(ctx, group, ctx.lex.objectPrepositions)) {
        for (const member of group.members) {
          const named = namedOutlet(member);
          if (named) memory.saw(named, s);
          else if (found === before) keepReferent(ctx, memory, member, s);
        }
      }
    }
  }
  return { attributions: dedupe(out), truncated };
}

/**
 * "رسانه‌های حکومتی از جمله ایسنا شایع کردند", "state media including IRNA reported": the head of a
 * list that names its members shares the verb the last member takes.
 */
function listHeadCue(
  ctx: Context,
  group: Group,
  next: Group | undefined,
  floor: number,
  ceiling: number,
): Cue | undefined {
  const { tokens, lex } = ctx;
  if (!next || next.first - group.last < 2 || next.first - group.last > 3) return undefined;
  for (let i = group.last + 1; i < next.first; i++) if (!lex.including.has(tokens[i].key)) return undefined;
  const cue = findCue(ctx, next, floor, ceiling);
  return cue?.side === 'after' ? cue : undefined;
}

/** The outlet a group member names, for a registry or provisional outlet. */
function namedOutlet(member: Mention): OutletRef | undefined {
  const target = member.target;
  return target.type === 'outlet'
    ? outletRef(target.outlet)
    : target.type === 'provisional'
      ? target.outlet
      : undefined;
}

/** Who speaks through one member of a group with a cue, or undefined when nobody does. */
function speakerOf(
  ctx: Context,
  memory: OutletMemory,
  member: Mention,
  group: Group,
  n: number,
  cue: Cue,
  sentence: number,
): OutletRef | undefined {
  const target = member.target;
  switch (target.type) {
    case 'outlet':
      // "فارس" alone is the province unless a kind noun or a phrase cue ("به گزارش فارس") vouches.
      if (isAmbiguous(target, ctx.language) && !group.hasKindNoun[n] && !vouchesForName(ctx, cue, group))
        return undefined;
      return outletRef(target.outlet);
    case 'provisional':
      return target.outlet;
    case 'unnamed':
      return {
        id: `unnamed:${target.source.kind}`,
        name: target.source.name,
        kind: target.source.kind,
        ...(member.country ? { country: member.country } : {}),
      };
    case 'anaphor': {
      const head = anaphorHead(ctx, member);
      if (!head) return undefined;
      const anyKind = head.size >= ANY_KIND;
      // "it" speaks only through a verb after it ("it said", never "according to it"); no anaphor
      // speaks through a passive ("the report was posted" says what was done with it).
      const isIt = ctx.tokens[member.first].key === 'it';
      if ((isIt && cue.side !== 'after') || (anyKind && PASSIVE.has(ctx.tokens[cue.first - 1]?.key ?? '')))
        return undefined;
      return memory.resolve(head, anyKind, sentence, headNoun(ctx, member));
    }
  }
}

const PRONOUNS = new Set(['it', 'he', 'she', 'they']);

/**
 * "It said the cargo was seized, Tasnim reported.": the claim opens with someone else's "it said",
 * so the "it said" of the next sentence is that one, not the outlet.
 */
function relaysAnother(ctx: Context, claim: Claim): boolean {
  const { tokens, lex } = ctx;
  const first = tokenIndexFrom(tokens, claim.start);
  if (!PRONOUNS.has(tokens[first]?.key ?? '')) return false;
  for (let t = first + 1; t <= first + 2 && t < tokens.length && tokens[t].end <= claim.end; t++)
    if (lex.speechVerbs.has(tokens[t].key)) return true;
  return false;
}

/** "The paper did not name anyone": a kind-bound later reference with no claim keeps its outlet current. */
function keepReferent(ctx: Context, memory: OutletMemory, member: Mention, sentence: number): void {
  if (member.target.type !== 'anaphor') return;
  const head = anaphorHead(ctx, member);
  if (!head || head.size >= ANY_KIND) return;
  const outlet = memory.resolve(head, false, sentence);
  if (outlet) memory.referred(outlet, sentence);
}

// "The report was posted": a passive verb says what was done with the report, not what it says.
const PASSIVE = new Set(['was', 'were', 'is', 'are', 'been', 'be']);

// A head admitting this many kinds admits any outlet ("it", "the report", "the outlet").
const ANY_KIND = 7;

/**
 * The key of a mention's last word that names outlet kinds: «رسانه» of «رسانه رسمی» and of «این
 * رسانه», "agency" of "the official news agency" and of "the agency".
 */
function headNoun(ctx: Context, member: Mention): string | undefined {
  for (let t = member.last; t >= member.first; t--)
    if (ctx.lex.anaphorKinds.has(ctx.tokens[t].key)) return ctx.tokens[t].key;
  return undefined;
}

/**
 * The kinds the anaphor's head noun admits: its first word that names any (the owner in "the
 * newspaper's editorial", the noun in "the Qatari channel").
 */
function anaphorHead(ctx: Context, member: Mention): ReadonlySet<string> | undefined {
  for (let t = member.first; t <= member.last; t++) {
    const kinds = ctx.lex.anaphorKinds.get(ctx.tokens[t].key);
    if (kinds) return kinds;
  }
  return undefined;
}

/**
 * "sanctions on IRIB, the state broadcaster, citing ...", "the head of IRNA said": an outlet after
 * an act's preposition, or after a noun it owns, is not the speaker of the verb after it.
 */
function isObjectOfAct(ctx: Context, group: Group, cue: Cue): boolean {
  return (
    (cue.side === 'after' || cue.side === 'relative') &&
    (followsObjectPreposition(ctx, group, ctx.lex.objectPrepositions) ||
      followsObjectPreposition(ctx, group, ctx.lex.possessivePrepositions) ||
      // «مدیر شبکه المیادین گفت», «مدير قناة الجزيرة قال»: the director speaks, the outlet owns him.
      followsObjectPreposition(ctx, group, ctx.lex.ownerNouns))
  );
}

function followsObjectPreposition(ctx: Context, group: Group, words: ReadonlySet<string>): boolean {
  const before = ctx.tokens[group.first - 1];
  return !!before && words.has(before.key) && joins(ctx.text, before, ctx.tokens[group.first]);
}

const FEMININE_PAST = /ت$/;

/**
 * «وأضافت: ...», «وتابعت أن ...»: an Arabic feminine verb opening a sentence with no subject
 * continues the outlet (an agency, a channel, a paper: feminine nouns) that spoke in the sentence
 * before.
 */
function bareVerb(ctx: Context, sentence: Range): { cue: Cue; claim: Claim } | undefined {
  const { tokens, text, lex } = ctx;
  const first = tokenIndexFrom(tokens, sentence.start);
  if (first >= tokens.length || tokens[first].start >= sentence.end) return undefined;
  const length = lex.verbFirst.startingAt(text, tokens, first, tokenIndexAt(tokens, sentence.end));
  if (length !== 1 || !FEMININE_PAST.test(tokens[first].key)) return undefined;
  const next = tokens[first + 1];
  if (!next || next.start >= sentence.end) return undefined;
  const gap = text.slice(tokens[first].end, next.start);
  if (!/[:،,]/.test(gap) && !lex.connectors.has(next.key)) return undefined;
  const right = trimRightSide(ctx, {
    start: tokens[first].end,
    end: Math.min(sentence.end, tokens[first].end + MAX_CLAIM),
  });
  if (right.end <= right.start) return undefined;
  return {
    cue: { side: 'verb-first', first, last: first },
    claim: { start: right.start, end: right.end, sentence, penalty: 0.1 },
  };
}

function attribution(
  ctx: Context,
  outlet: OutletRef,
  cue: Cue,
  claim: Claim,
  confidence: number,
): Attribution {
  const { text, tokens } = ctx;
  const cueStart = tokens[cue.first].start;
  const cueEnd = tokens[cue.last].end;
  const shown = sentenceWindow(claim.sentence, Math.min(cueStart, claim.start), Math.max(cueEnd, claim.end));
  return {
    outlet,
    cue: text.slice(cueStart, cueEnd),
    claim: text.slice(claim.start, claim.end),
    sentence: text.slice(shown.start, shown.end),
    start: claim.start,
    end: claim.end,
    sentenceStart: shown.start,
    sentenceEnd: shown.end,
    confidence,
  };
}

/** The sentence, or MAX_SENTENCE characters of it centred on [from, to) when it is longer. */
function sentenceWindow(sentence: Range, from: number, to: number): Range {
  if (sentence.end - sentence.start <= MAX_SENTENCE) return sentence;
  const pad = Math.max(0, Math.floor((MAX_SENTENCE - (to - from)) / 2));
  const start = Math.max(sentence.start, from - pad);
  return { start, end: Math.min(sentence.end, start + MAX_SENTENCE) };
}

// What may stand between an anaphor's words and the name they describe: "the daily Etemad",
// "the website of the official Rodong Sinmun newspaper".
const DESCRIBES = /^(?:[\s,،]*|\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?)$/;
const RELATIVE_BEFORE_IT = new Set(['what', 'which', 'that', 'who', 'whom']);

/**
 * "The reformist daily Etemad wrote": an anaphor's words right before a name describe it, they
 * refer to nothing earlier; "what it said were confessions": "it" in a relative clause is the
 * speaker of that clause, not of the sentence.
 */
function withoutDescriptiveAnaphors(ctx: Context, mentions: Mention[]): Mention[] {
  const { text, tokens } = ctx;
  if (!mentions.some((mention) => mention.target.type === 'anaphor')) return mentions;
  return mentions.filter((mention, i) => {
    if (mention.target.type !== 'anaphor') return true;
    const next = mentions[i + 1];
    if (
      next &&
      next.first <= mention.last + 4 &&
      DESCRIBES.test(text.slice(mention.end, Math.min(next.start, mention.end + 40)))
    )
      return next.target.type === 'anaphor' || next.target.type === 'unnamed';
    if (tokens[mention.first].key === 'it')
      return !RELATIVE_BEFORE_IT.has(tokens[mention.first - 1]?.key ?? '');
    return true;
  });
}

/**
 * Registry and provisional mentions in text order. A provisional one never overlaps a registry
 * name; it takes over the words of an anaphor it contains ("the Kuwaiti daily" of "the Kuwaiti
 * daily Al-Nahda").
 */
function merge(known: Mention[], provisional: Mention[]): Mention[] {
  if (provisional.length === 0) return known;
  const covered = new Set<number>();
  for (const p of provisional) for (let t = p.first; t <= p.last; t++) covered.add(t);
  const kept = known.filter(
    (m) => m.target.type !== 'anaphor' || (!covered.has(m.first) && !covered.has(m.last)),
  );
  return [...kept, ...provisional].sort((a, b) => a.start - b.start);
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
