/**
 * The news agency a story credits, from where copy carries a credit: its dateline or credit line
 * at the top ("WASHINGTON (AP) —", "Beijing, Mar 11 (AFP)", "AFP | Beijing", "By REUTERS", a
 * paragraph that is only "AP") or a credit line at the end ("— Reuters", "(Reporting by …)",
 * "(dpa/NAN)"). A claim in the text ("Reuters reported") is not a credit and is not read: only
 * the first paragraphs and the last are scanned, and only in these forms.
 */

/** Agencies told apart, by the id stored per article (0: no credit found). */
export const AGENCIES = [
  'ap',
  'reuters',
  'afp',
  'dpa',
  'pti',
  'ians',
  'ani',
  'xinhua',
  'wam',
  'pa',
  'voa',
] as const;
export type Agency = (typeof AGENCIES)[number];

const NAMES: Record<Agency, string[]> = {
  ap: ['AP', 'Associated Press', 'The Associated Press'],
  reuters: ['Reuters', 'REUTERS'],
  afp: ['AFP', 'Agence France-Presse', 'Agence France Presse'],
  dpa: ['dpa', 'DPA'],
  pti: ['PTI', 'Press Trust of India'],
  ians: ['IANS'],
  ani: ['ANI', 'Asia News International'],
  xinhua: ['Xinhua'],
  wam: ['WAM'],
  pa: ['PA'],
  voa: ['VOA'],
};
/** 1 + the index in AGENCIES of each name as written. */
const AGENCY_OF_NAME = new Map(AGENCIES.flatMap((a, i) => NAMES[a].map((n) => [n, i + 1] as const)));
// longest first, so that a name is matched whole ("The Associated Press", not "Associated Press")
const NAME = `(${[...AGENCY_OF_NAME.keys()].sort((x, y) => y.length - x.length).join('|')})`;

/** A name in parentheses, from just after the "(": "(AP) —", "(AFP)", "(dpa/NAN)". */
const IN_PARENS = new RegExp(`${NAME}(?:/[A-Z]+)?\\)`, 'y');
/** A short line that is a credit: "AP", "AFP | Beijing", "By REUTERS", "By: The Associated Press", "WAM/X". */
const CREDIT_LINE = new RegExp(`^(?:[Bb]y:?\\s+)?${NAME}(?:/[A-Z]+)*\\s*(?:\\|.*)?$`);
/** A name, alone ("— Reuters": what follows the dash), or from "(Reporting by " on. */
const NAME_ONLY = new RegExp(`^${NAME}$`);
const NAME_HERE = new RegExp(`${NAME}\\b`, 'y');
const REPORTING = '(Reporting by ';
const REUTERS = AGENCIES.indexOf('reuters') + 1;
/** Reuters closes its copy with "(Reporting by <names>; Editing by …)", naming no agency. */
const REPORTING_BY = /\(Reporting by [^)]*\)?\s*$/;
/** Lines longer than this are not credit lines (a credit line is a few words). */
const CREDIT_LINE_CHARS = 60;
const LEAD_CHARS = 400;
const TAIL_CHARS = 240;

/** The agency of the name a match captured, in the first group that did. */
function agencyOfMatch(m: RegExpExecArray | null): number {
  if (!m) return 0;
  for (let g = 1; g < m.length; g++) if (m[g] !== undefined) return AGENCY_OF_NAME.get(m[g]) ?? 0;
  return 0;
}

/** `found` (0: none yet, -1: two different ones) with `agency` added. */
const add = (found: number, agency: number): number =>
  agency === 0 || agency === found ? found : found === 0 ? agency : -1;

/** Names in parentheses (closing the text, when `closing`); only the "(" are visited. */
function parenthesised(text: string, found: number, closing: boolean): number {
  for (let i = text.indexOf('('); i >= 0 && found >= 0; i = text.indexOf('(', i + 1)) {
    IN_PARENS.lastIndex = i + 1;
    const m = IN_PARENS.exec(text);
    if (m && (!closing || text.slice(IN_PARENS.lastIndex).trim() === ''))
      found = add(found, agencyOfMatch(m));
  }
  return found;
}

function creditLine(line: string, found: number): number {
  if (found < 0 || line.length > CREDIT_LINE_CHARS * 2) return found;
  const t = line.trim();
  return t.length > CREDIT_LINE_CHARS ? found : add(found, agencyOfMatch(CREDIT_LINE.exec(t)));
}

/**
 * 1 + the index in AGENCIES of the agency the story's credit names, or 0 when it has none or
 * names two (a story "(AP) — … — Reuters" is nobody's own copy). Only the places a credit stands
 * are looked at ("(" and short lines), not every character: this runs for every story.
 */
export function agencyOf(body: readonly string[]): number {
  if (body.length === 0) return 0;
  let found = 0;
  // the first paragraphs, up to LEAD_CHARS: a dateline, a credit line, a byline
  for (let i = 0, left = LEAD_CHARS; i < Math.min(3, body.length) && left > 0 && found >= 0; i++) {
    const p = body[i].length > left ? body[i].slice(0, left) : body[i];
    found = creditLine(p, parenthesised(p, found, false));
    left -= p.length;
  }
  if (body.length > 1 && found >= 0) {
    const tail = body[body.length - 1].slice(-TAIL_CHARS);
    found = parenthesised(tail, found, true);
    if (found >= 0) found = creditLine(tail, found);
    const dash = Math.max(tail.lastIndexOf('—'), tail.lastIndexOf('–'), tail.lastIndexOf('- '));
    if (found >= 0 && dash >= 0)
      found = add(found, agencyOfMatch(NAME_ONLY.exec(tail.slice(dash + 1).trim())));
    const reporting = tail.lastIndexOf(REPORTING);
    if (found >= 0 && reporting >= 0) {
      NAME_HERE.lastIndex = reporting + REPORTING.length;
      found = add(found, agencyOfMatch(NAME_HERE.exec(tail)));
    }
    if (found === 0 && reporting >= 0 && REPORTING_BY.test(tail)) return REUTERS;
  }
  return Math.max(found, 0);
}
