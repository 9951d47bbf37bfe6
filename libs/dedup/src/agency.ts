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

const NAMES: Record<Agency, string> = {
  ap: 'AP|Associated Press|The Associated Press',
  reuters: 'Reuters|REUTERS',
  afp: 'AFP|Agence France-Presse|Agence France Presse',
  dpa: 'dpa|DPA|dpa/[A-Z]+',
  pti: 'PTI|Press Trust of India',
  ians: 'IANS',
  ani: 'ANI|Asia News International',
  xinhua: 'Xinhua',
  wam: 'WAM',
  pa: 'PA',
  voa: 'VOA',
};

const alt = (a: Agency): string => `(?:${NAMES[a]})`;
/** Forms of a credit at the top of a story. */
const LEAD = AGENCIES.map(
  (a) =>
    new RegExp(
      [
        `\\(${alt(a)}\\)`, // "WASHINGTON (AP) —", "Mar 11 (AFP)"
        `^${alt(a)}\\s*(?:\\||$)`, // "AFP | Beijing", a line that is only "AP"
        `^[Bb]y:?\\s+${alt(a)}\\s*$`, // "By REUTERS", "By: The Associated Press"
        `^${alt(a)}\\s+(?:reporter|correspondent|staff)`,
      ].join('|'),
      'm',
    ),
);
/** Forms of a credit line closing a story. */
const TAIL = AGENCIES.map(
  (a) =>
    new RegExp(
      [
        `\\(${alt(a)}(?:/[A-Z]+)?\\)\\s*$`, // "(dpa/NAN)"
        `[—–-]\\s*${alt(a)}\\s*$`, // "— Reuters"
        `^${alt(a)}(?:/[A-Z]+)*\\s*$`, // a last line that is only "WAM"
        `\\(Reporting by ${alt(a)}\\b`,
      ].join('|'),
      'm',
    ),
);
const REUTERS = AGENCIES.indexOf('reuters');
/** Reuters closes its copy with "(Reporting by <names>; Editing by …)", naming no agency. */
const REPORTING_BY = /\(Reporting by [^)]*\)?\s*$/m;

const LEAD_CHARS = 400;
const TAIL_CHARS = 240;

/**
 * 1 + the index in AGENCIES of the agency the story's credit names, or 0 when it has none or
 * names two (a story "(AP) — … Reuters contributed" is nobody's own copy).
 */
export function agencyOf(body: readonly string[]): number {
  if (body.length === 0) return 0;
  const lead = body.slice(0, 3).join('\n').slice(0, LEAD_CHARS);
  const last = body[body.length - 1];
  const tail = body.length > 1 ? last.slice(-TAIL_CHARS) : '';
  let found = 0;
  for (let i = 0; i < AGENCIES.length; i++) {
    if (!LEAD[i].test(lead) && !(tail !== '' && TAIL[i].test(tail))) continue;
    if (found !== 0) return 0;
    found = i + 1;
  }
  return found === 0 && tail !== '' && REPORTING_BY.test(tail) ? REUTERS + 1 : found;
}
