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

// The datelines of structured wires, where the place need not be in capitals and the date may
// come day first: `Berlin (dpa) -`, `Bruselas, 16 ene (EFE).-`, `Paris/Cannes (APA/dpa) -`,
// `BUENOS AIRES, Argentina (AP) _`, `MARLBOROUGH, Mass.--(BUSINESS WIRE)--Dec 5, 2024--`, and a
// place in capitals with no agency: `BOSTON --`. Not used to sniff plain text, where it would match too much.
const LOOSE =
  /^(\p{Lu}[\p{L} .'’/-]{1,40}?)(?:,\s(\p{L}[\p{L} .]{1,30}?|\d{1,2}\.?\s\p{L}{3,9}\.?))?\s?(?:--)?\((\p{L}[\p{L} &./-]{0,30})\)(?:--(\p{L}{3,9}\.?\s\d{1,2},\s\d{4}))?\.?\s{0,2}(?:-{1,2}|–|—|_)/u;
const CAPITALS_ONLY = /^(\p{Lu}[\p{Lu} .'’-]{1,40}?)(?:,\s(\p{Lu}[\p{L} .]{1,30}?))?\s(?:--|—)\s/u;

/** A dateline in any agency's style that opens a paragraph, or undefined. */
export function parseLooseDateline(paragraph: string): Dateline | undefined {
  const strict = parseDateline(paragraph);
  if (strict) return strict;
  const m = LOOSE.exec(paragraph);
  if (!m) {
    const caps = CAPITALS_ONLY.exec(paragraph);
    if (!caps) return undefined;
    const place = caps[2] ? `${caps[1].trim()}, ${caps[2]}` : caps[1].trim();
    return { place, text: place };
  }
  const second = m[2];
  const date = m[4] ?? (second && /\d/.test(second) ? second : undefined);
  const region = second && !/\d/.test(second) ? second : undefined;
  return {
    place: region ? `${m[1].trim()}, ${region}` : m[1].trim(),
    date,
    agency: m[3].trim(),
    text: m[0].replace(/[\s.]*(?:-{1,2}|–|—|_)$/, '').trim(),
  };
}
