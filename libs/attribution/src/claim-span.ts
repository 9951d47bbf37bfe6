import { charClass } from './char-class';
import { window, type Context, type Cue, type Group, type Range } from './extraction-context';
import type { SentenceSpan } from './sentence-splitter';
import { tokenIndexAt, trimEdgeEnd } from './text-span';

const QUOTES = /["“”«»]/;
const ENDS_WITH_QUOTE = /["”»’']$/;
const CLOSING_QUOTE = /["”»]/;
const POSSESSIVE_END = /\ss['’]$|\p{L}s['’]$/u;
const isWhite = charClass(/\s/);
const EDGE_PUNCT_START = /^[\s,،;؛:—–\-)\]]+/u;

/** The longest claim: a longer one is cut there, so that every claim costs bounded work and output. */
export const MAX_CLAIM = 1000;

export interface Claim extends Range {
  sentence: Range;
  penalty: number;
}

/**
 * The attributed statement: the clause on the other side of the cue from where the outlet
 * stands. A post-posed attribution ("..., IRIB said") claims what precedes it; a leading one
 * ("According to IRNA, ...", "Fars said ...") what follows.
 */
export function claimFor(
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
    const stop = /[,،;؛]/.exec(window(ctx, cueEnd, sentence.end));
    const end = Math.min(sentence.end, cueEnd + MAX_CLAIM);
    const claim = trimRightSide(ctx, { start: cueEnd, end: stop ? cueEnd + stop.index : end });
    return claim.end > claim.start
      ? { start: claim.start, end: claim.end, sentence, penalty: 0.05 }
      : undefined;
  }
  let rightStart = cue.side === 'after' ? cueEnd : Math.max(groupEnd, cueEnd);
  // «وكالة "فارس" بأن»: the quote closing the outlet's name is no part of the claim.
  if (rightStart === groupEnd && CLOSING_QUOTE.test(text[groupEnd] ?? '')) rightStart++;
  // A claim never crosses a semicolon, nor runs longer than MAX_CLAIM.
  const leftStart = clauseStart(text, Math.max(sentence.start, leftEnd - MAX_CLAIM), leftEnd);
  const left = trimLeftSide(text, { start: leftStart, end: leftEnd });
  const rightEnd = clauseEnd(text, rightStart, Math.min(sentence.end, rightStart + MAX_CLAIM));
  const right = trimRightSide(ctx, {
    start: quotedClaimStart(ctx, cue, rightStart, rightEnd),
    end: rightEnd,
  });
  // "Late last month, state media said ...": time words alone are never the claim.
  const leftWords = wordCount(ctx, left, ctx.lex.intro, ctx.lex.fillers);
  const rightWords = wordCount(ctx, right, ctx.lex.fillers);
  const leftText = text.slice(left.start, left.end);
  const lead = text.slice(left.end, leftEnd);
  // Persian verb-final clauses hold the claim between outlet and verb: "المیادین تصاویری ... پخش کرد".
  const aside = cue.side === 'after' ? ctx.lex.aside.exec(text.slice(groupEnd, cueStart)) : null;
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
  // "the Houthis' Saba news agency": a possessive's apostrophe closes no quote.
  const quoteLast = ENDS_WITH_QUOTE.test(leftText) && !POSSESSIVE_END.test(leftText);
  // "Three were held, IRNA said, without giving details": an attribution set off by commas on
  // both sides claims what precedes it; what follows is an aside.
  const leftIntro = ctx.lex.introPrepositions.has(tokens[tokenIndexAt(tokens, left.start)]?.key ?? '');
  const setOff = !leftIntro && /[,،]\s*$/.test(lead) && /^\s*[,،]/.test(text.slice(cueEnd, cueEnd + 2));
  // "Iranian media, including IRNA, reported ...": what precedes a listed outlet is the list's head.
  const listed = cue.side === 'after' && ctx.lex.including.has(tokens[group.first - 1]?.key ?? '');
  if (listed && rightWords > 0) chosen = right;
  else if (leftWords > 0 && (quoteLast || /["”»]/.test(lead) || quoteFirst)) chosen = left;
  else if (right.connector && rightWords > 0) chosen = right;
  else if (setOff && leftWords > 0 && cue.side === 'after') chosen = left;
  else if (leftWords <= 2 && rightWords === 0 && middle && middleWords > 0) chosen = middle;
  // "منبعی گفت که مجله اشپیگل ادعاهایی منتشر می‌کند": the outlet opens a clause after «که».
  else if (
    rightWords === 0 &&
    middle &&
    middleWords > 0 &&
    ctx.lex.connectors.has(tokens[group.first - 1]?.key ?? '')
  )
    chosen = middle;
  else if (leftWords <= 2) chosen = rightWords > 0 ? right : leftWords > 0 ? left : undefined;
  else if (rightWords === 0) chosen = left;
  // "In a report on Thursday, IRNA said ...": an introductory phrase, not the claim.
  else if (/[,،]/.test(lead) && leftIntro) chosen = right;
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
  const tail = text.slice(Math.max(previous?.start ?? 0, (previous?.end ?? 0) - 8), previous?.end ?? 0);
  if (previous && ENDS_WITH_QUOTE.test(tail.replace(/[.!?؟]+$/, ''))) {
    return {
      ...trimLeftSide(text, { start: Math.max(previous.start, previous.end - MAX_CLAIM), end: previous.end }),
      sentence: { start: previous.start, end: sentence.end },
      penalty: 0.1,
    };
  }
  return undefined;
}

/**
 * "ایسنا به نقل از وزیر علوم نوشت که ...": after a quoting cue the claim follows the quoted
 * one's verb and its connector; elsewhere, or when none comes within reach, `start`.
 */
function quotedClaimStart(ctx: Context, cue: Cue, start: number, end: number): number {
  const { text, tokens, lex } = ctx;
  if (
    cue.side !== 'after' ||
    lex.quotingCues.startingAt(text, tokens, cue.first) !== cue.last - cue.first + 1
  )
    return start;
  for (let i = cue.last + 1; i < Math.min(tokens.length, cue.last + 16) && tokens[i].end <= end; i++) {
    const verb = lex.after.startingAt(text, tokens, i);
    if (verb === 0) continue;
    const next = tokens[i + verb];
    if (!next || next.end > end) return start;
    if (lex.connectors.has(next.key)) return next.end;
    return /^\s*:/.test(text.slice(tokens[i + verb - 1].end, next.start)) ? next.start : start;
  }
  return start;
}

function trimLeftSide(text: string, range: Range): Range {
  let { start, end } = range;
  end = trimEdgeEnd(text, start, end);
  while (start < end && isWhite(text.charCodeAt(start))) start++;
  return { start, end: Math.max(start, end) };
}

export function trimRightSide(
  ctx: Context,
  range: Range,
  beforeVerb = false,
): Range & { connector: boolean } {
  const { text, tokens, lex } = ctx;
  let { start, end } = range;
  end = trimEdgeEnd(text, start, end);
  const saying = /\bas (?:saying|having said)\b/.exec(text.slice(start, end));
  if (saying) start += saying.index + saying[0].length;
  // "reported, citing officials, that ...": the aside after the verb is not the claim (a "که"
  // there is the connector, not a relative clause).
  const aside =
    beforeVerb || !/^\s*[,،]/.test(text.slice(start, start + 3))
      ? null
      : lex.aside.exec(window(ctx, start, end));
  if (aside) start += aside[0].length;
  const head = EDGE_PUNCT_START.exec(text.slice(start, end));
  if (head) start += head[0].length;
  // Time words then a connector ("on Thursday that ...", "روز پنجشنبه که", "أن") lead into the
  // claim; time words alone ("a list of ...") may be the claim itself.
  for (let i = tokenIndexAt(tokens, start); i < tokens.length && tokens[i].end <= end; i++) {
    if (QUOTES.test(text.slice(start, tokens[i].start))) break;
    if (lex.connectors.has(tokens[i].key)) {
      const after = EDGE_PUNCT_START.exec(text.slice(tokens[i].end, end));
      return { start: tokens[i].end + (after ? after[0].length : 0), end, connector: true };
    }
    // "speaking to Al Jazeera, said the talks had failed": the speech verb is not part of the claim.
    if (i === tokenIndexAt(tokens, start) && lex.speechVerbs.has(tokens[i].key) && tokens[i].end < end) {
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

/** Words in the range in neither `ignore` set, counted up to 4: callers compare the count with 0 to 3. */
function wordCount(
  ctx: Context,
  range: Range,
  ignore: ReadonlySet<string>,
  also?: ReadonlySet<string>,
): number {
  let n = 0;
  for (let i = tokenIndexAt(ctx.tokens, range.start); i < ctx.tokens.length && n < 4; i++) {
    const token = ctx.tokens[i];
    if (token.start >= range.end) break;
    if (!ignore.has(token.key) && !also?.has(token.key)) n++;
  }
  return n;
}

const isSemicolon = (code: number) => code === 0x3b || code === 0x061b; // ; ؛

/** Just after the last semicolon in [floor, end), or floor. */
function clauseStart(text: string, floor: number, end: number): number {
  for (let i = end - 1; i >= floor; i--) if (isSemicolon(text.charCodeAt(i))) return i + 1;
  return floor;
}

/** The first semicolon in [start, ceiling), or ceiling. */
function clauseEnd(text: string, start: number, ceiling: number): number {
  for (let i = start; i < ceiling; i++) if (isSemicolon(text.charCodeAt(i))) return i;
  return ceiling;
}
