import { joins } from './cue-lexicon';
import { window, type Context, type Cue, type Group } from './extraction-context';
import { tokenIndexAt } from './text-span';

const RELATIVE =
  /^\s*[,،]\s*(?:which|who|that)\s+(?:(?:also|earlier|later|had|has|first|previously|on\s+\w+day)\s+)*/i;
const CLAUSE_BREAK = /[،,:؛;()]/;
const OBJECT_MARKER = 'را';
const PERSIAN_THAT = 'که';
const QUOTE_MARKS = /["“”«»]/g;
// A capitalised name and a comma: "..., Hezbollah, said".
const NESTED_NAME = /^\s*\p{Lu}[^,.;:"“”\n]{0,40}[,،]/u;
const NESTED_WORDS = 4;
const DEFINITE = /^ال/;

/** The cue that links the group to a claim, if any. */
export function findCue(ctx: Context, group: Group, floor: number, ceiling: number): Cue | undefined {
  const { text, tokens, lex } = ctx;
  const before = group.first - 1;
  const gap = before >= floor ? text.slice(tokens[before].end, tokens[group.first].start) : '';
  // A quoted name («وقالت "سانا"») is joined to the verb before it.
  const joined = before >= floor && /^[\s\u200c"“”«»']*$/.test(gap);
  const phrase = joined ? lex.before.endingAt(text, tokens, before, floor) : 0;
  // «نسبت به گزارش ایرنا واکنش نشان دادند», «با اشاره به گزارش روزنامه کیهان گفت»: a phrase cue
  // another word governs («نسبت به», «اشاره به») makes the outlet its object, nobody's speaker.
  if (phrase > 0 && lex.governsBe.has(tokens[before - phrase]?.key ?? '')) return undefined;
  const after = cueAfter(ctx, group, floor, ceiling);
  if (after) return after;
  if (before < floor) return undefined;
  if (joined) {
    if (phrase > 0) return { side: 'before', first: before - phrase + 1, last: before };
    const verb = lex.verbFirst.endingAt(text, tokens, before, floor);
    if (verb > 0) return { side: 'verb-first', first: before - verb + 1, last: before };
    // "In the newspaper's editorial, ...", "In IRNA's report, ...": what the outlet published.
    if (tokens[before].key === 'in' && lex.contentNouns.has(tokens[group.last].key) && possessive(ctx, group))
      return { side: 'before', first: before, last: before };
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
  if (arabicTo && /^\s*$/.test(gap)) {
    // «وفي حديثه للأناضول»: a phrase cue whose ل is written against the name.
    const phrase = lex.beforeLam.endingAt(text, tokens, before, floor);
    if (phrase > 0) return { side: 'before', first: before - phrase + 1, last: before };
    // «أكد المدير التنفيذي لوكالة تسنيم»: the agency owns the director; nobody speaks to it.
    if (ownedByLam(ctx, before, floor)) return undefined;
  }
  if (arabicTo || englishTo) {
    for (let v = englishTo ? before - 1 : before; v >= Math.max(floor, before - 8); v--) {
      if (v < before && !joins(text, tokens[v], tokens[v + 1])) break;
      if (englishTo) {
        if (lex.toldTo.has(tokens[v].key)) return { side: 'before', first: v, last: v };
        continue;
      }
      const verb = lex.verbFirst.endingAt(text, tokens, v, floor);
      if (verb > 0) return { side: 'before', first: v - verb + 1, last: v };
    }
  }
  return undefined;
}

/**
 * Whether an owner noun («المدير», «نشرة») stands at `at`, or before up to two definite
 * adjectives or nouns there («المدير التنفيذي», «نشرة الأخبار الصباحية»).
 */
function ownedByLam(ctx: Context, at: number, floor: number): boolean {
  const { tokens, lex } = ctx;
  for (let t = at; t >= Math.max(floor, at - 2); t--) {
    if (lex.ownerNouns.has(tokens[t].key)) return true;
    if (!DEFINITE.test(tokens[t].key)) return false;
  }
  return false;
}

/** The cue after the group: a relative clause's verb, the verb past an aside, or a clause-final one. */
function cueAfter(ctx: Context, group: Group, floor: number, ceiling: number): Cue | undefined {
  const { tokens, lex } = ctx;
  // Outlet then verb, with time words between: "IRNA on Thursday reported", "تسنیم روز پنجشنبه گزارش داد".
  let i = group.last + 1;
  // "SANA, which said five soldiers were killed, ...": a relative clause carries the cue.
  const relative =
    i <= ceiling ? RELATIVE.exec(window(ctx, tokens[group.last].end, tokens[ceiling].end)) : null;
  if (relative) {
    const at = tokenIndexAt(tokens, tokens[group.last].end + relative[0].length);
    // Only speech verbs: "IRIB, which broadcast forced confessions," describes, it does not report.
    if (at <= ceiling && lex.speechVerbs.has(tokens[at].key))
      return { side: 'relative', first: at, last: at };
  }
  const aside =
    i <= ceiling ? lex.aside.exec(window(ctx, tokens[group.last].end, tokens[ceiling].end)) : null;
  const resume = aside ? tokens[group.last].end + aside[0].length : 0;
  while (aside && i <= ceiling && tokens[i].start < resume) i++;
  const after = verbAfter(ctx, group, i, ceiling, !!aside);
  if (after) return after;
  // "Al Mayadeen, a network close to Iran's ally in Lebanon, Hezbollah, said": a name in
  // apposition inside the aside takes one more comma.
  const nested = aside && i <= ceiling ? NESTED_NAME.exec(window(ctx, resume, tokens[ceiling].end)) : null;
  if (nested) {
    let j = i;
    while (j <= ceiling && tokens[j].start < resume + nested[0].length) j++;
    const cue = j - i <= NESTED_WORDS ? verbAfter(ctx, group, j, ceiling, true) : undefined;
    if (cue) return cue;
  }
  return clauseFinalVerb(ctx, group, floor, ceiling);
}

/** The verb right after the group (past time words and fillers), from token `i` on. */
function verbAfter(
  ctx: Context,
  group: Group,
  i: number,
  ceiling: number,
  skipped: boolean,
): Cue | undefined {
  const { text, tokens, lex } = ctx;
  for (let fillers = 0; i <= ceiling && fillers <= 5; i++, fillers++) {
    const gap = skipped && fillers === 0 ? '' : text.slice(tokens[i - 1].end, tokens[i].start);
    // "(IRNA) reported": the closing bracket of a name given twice; "Iranian media, including
    // IRNA, reported": the comma closing a list the outlet is named in.
    const first =
      group.members[group.members.length - 1].appositive ||
      lex.including.has(tokens[group.first - 1]?.key ?? '')
        ? /^\s*[,،]?\s*$/
        : /^\s*[)\]]?\s*$/;
    if (!(fillers === 0 ? first : /^[\s\u200c]*$/).test(gap.replace(QUOTE_MARKS, ''))) break;
    const len = lex.after.startingAt(text, tokens, i, ceiling + 1);
    if (len > 0) return { side: 'after', first: i, last: i + len - 1 };
    if (!lex.fillers.has(tokens[i].key)) break;
  }
  return undefined;
}

/** The group holds an owner's "'s" ("the newspaper's editorial"), not only "its". */
function possessive(ctx: Context, group: Group): boolean {
  for (let t = group.first + 1; t <= group.last; t++) if (ctx.tokens[t].key === 's') return true;
  return false;
}

// How far a Persian clause-final verb may stand from its subject: the object and its adverbials
// come between ("روزنامه ... با اذعان به کشته شدن ۶۲ نظامی در نوار غزه از ابتدای سال ... گزارش داد");
// a clause break or «که» ends the search sooner.
const CLAUSE_WORDS = 30;
// An adverbial after the outlet, set off by a comma: "در واکنشی قاطعانه،", "با تأکید بر همبستگی
// کامل خود با کارکنان ...،".
const ADVERBIAL_WORDS = 12;
const LONG_ADVERBIAL_WORDS = 20;
// A relative clause on the object: "آزمایشی را که روز گذشته انجام شد،".
const RELATIVE_WORDS = 15;
// Time words before the outlet that still let it open its clause: "امروز چهارشنبه".
const TIME_WORDS = 4;

/**
 * Persian puts the verb at the end of its clause: "شبکه المیادین تصاویری از ... پخش کرد". When
 * the outlet opens a clause in Arabic script, the clause's verb is its cue (unless را marks the
 * outlet as the object).
 */
function clauseFinalVerb(ctx: Context, group: Group, floor: number, ceiling: number): Cue | undefined {
  const { text, tokens, lex } = ctx;
  if (!/[\u0600-\u06ff]/.test(tokens[group.first].text)) return undefined;
  // A clause starts at a break, or after «که» ("منبعی گفت که مجله اشپیگل ... منتشر می‌کند").
  const startsClause = (t: number) =>
    t === floor ||
    CLAUSE_BREAK.test(text.slice(tokens[t - 1].end, tokens[t].start)) ||
    tokens[t - 1].key === PERSIAN_THAT;
  // "امروز چهارشنبه روزنامه ... نوشت": time words may open the clause before the outlet.
  let opening = group.first;
  while (
    opening - 1 >= floor &&
    group.first - opening < TIME_WORDS &&
    lex.timeWords.has(tokens[opening - 1].key)
  )
    opening--;
  if (
    !startsClause(opening) &&
    !(opening - 1 >= floor && lex.intro.has(tokens[opening - 1].key) && startsClause(opening - 1))
  )
    return undefined;
  let from = group.last + 1;
  if (from <= ceiling && tokens[from].key === OBJECT_MARKER) return undefined;
  // "خبرگزاری تسنیم، وابسته به سپاه، ... متهم کرد": skip the aside.
  const aside =
    from <= ceiling ? lex.aside.exec(window(ctx, tokens[group.last].end, tokens[ceiling].end)) : null;
  if (aside) {
    const resume = tokens[group.last].end + aside[0].length;
    while (from <= ceiling && tokens[from].start < resume) from++;
  }
  // "شبکه المیادین در بیانیه‌ای، حمله ... را محکوم کرد": a short adverbial after the outlet ends in
  // a comma that does not end the clause; one led by «با» / «ضمن» ("با اشاره به اینکه ...،") may
  // run longer and hold a relative clause.
  const opener = from <= ceiling ? tokens[from].key : '';
  const long = lex.longAdverbials.has(opener);
  let adverbial = long || lex.fillers.has(opener);
  const adverbialWords = long ? LONG_ADVERBIAL_WORDS : ADVERBIAL_WORDS;
  // The token after a relative clause's closing comma: that comma ends no clause.
  let resumed = -1;
  for (let i = from; i <= Math.min(ceiling, from + CLAUSE_WORDS); i++) {
    const gap = i > from ? text.slice(tokens[i - 1].end, tokens[i].start) : '';
    if (i !== resumed && CLAUSE_BREAK.test(gap)) {
      if (!adverbial || i - from > adverbialWords || !/^\s*[،,]\s*$/.test(gap)) return undefined;
      adverbial = false;
    }
    if (tokens[i].key === PERSIAN_THAT) {
      // "آزمایشی را که دیروز انجام شد، موفق اعلام کرد": a relative clause on the object, or one
      // inside a long adverbial, ends at its comma; any other «که» ends the outlet's clause.
      const inAdverbial = adverbial && long;
      if (tokens[i - 1]?.key !== OBJECT_MARKER && !inAdverbial) return undefined;
      const next = afterComma(ctx, i, Math.min(ceiling, i + RELATIVE_WORDS));
      if (next < 0 || (inAdverbial && next - from > adverbialWords)) return undefined;
      if (inAdverbial) adverbial = false;
      resumed = next;
      i = next - 1;
      continue;
    }
    const len = lex.after.startingAt(text, tokens, i, ceiling + 1);
    if (len > 0) return { side: 'after', first: i, last: i + len - 1 };
  }
  return undefined;
}

/** The first token after a comma in (i, limit], or -1 when another clause break or nothing comes first. */
function afterComma(ctx: Context, i: number, limit: number): number {
  const { text, tokens } = ctx;
  for (let t = i + 1; t <= limit; t++) {
    const gap = text.slice(tokens[t - 1].end, tokens[t].start);
    if (/^\s*[،,]\s*$/.test(gap)) return t;
    if (CLAUSE_BREAK.test(gap)) return -1;
  }
  return -1;
}

/**
 * What vouches for a name that is also a common word (فارس, مهر, مشرق): a phrase cue right before
 * it ("according to Fars", "به گزارش فارس", also the "به نقل از مهر" inside a chain whose next
 * link gave the cue), or a verb only a publication has for subject ("مشرق هم نوشت").
 */
export function vouchesForName(ctx: Context, cue: Cue, group: Group): boolean {
  const { text, tokens, lex } = ctx;
  if (cue.side === 'before' && cue.last === group.first - 1) return true;
  const before = group.first - 1;
  if (
    before >= 0 &&
    joins(text, tokens[before], tokens[group.first]) &&
    lex.before.endingAt(text, tokens, before) > 0
  )
    return true;
  return (
    cue.side === 'after' &&
    lex.publicationVerbs.startingAt(text, tokens, cue.first) === cue.last - cue.first + 1
  );
}
