import type { Dateline } from '@newswire/contracts';

// `TEHRAN, May 23 (Reuters) -`, `GROSSETO, Italy (AP) --`, `BEIRUT (AFP) –`: place in capitals,
// optional region or date, agency in parentheses, a dash. Bounded repeats: no backtracking blow-up.
const DATELINE =
  /^([A-Z][A-Z .'’-]{1,40}?)(?:,\s([A-Z][A-Za-z .]{1,30}?))?(?:,\s([A-Z][a-z]{2,8}\.?\s\d{1,2}))?\s\(([A-Za-z][A-Za-z &.-]{0,30})\)\s{0,2}(?:-{1,2}|–|—)\s?/;
const MONTH_DAY = /^[A-Z][a-z]{2,8}\.?\s\d{1,2}$/;

/** The agency dateline that opens a paragraph, or undefined. */
export function parseDateline(paragraph: string): Dateline | undefined {
  const m = DATELINE.exec(paragraph);
  if (!m) return undefined;
  // `GROSSETO, Italy` names a region; `TEHRAN, May 23` a date.
  const second = m[2];
  const date = m[3] ?? (second && MONTH_DAY.test(second) ? second : undefined);
  const region = second && second !== date ? second : undefined;
  return {
    place: region ? `${m[1].trim()}, ${region}` : m[1].trim(),
    date,
    agency: m[4].trim(),
    text: m[0].replace(/\s*(?:-{1,2}|–|—)\s?$/, '').trim(),
  };
}
