/**
 * The text used for fingerprints: two copies of a story that differ only in Unicode form,
 * Arabic/Persian letter variants, vowel marks, quotes, dashes or spacing give the same string.
 * Persian and Arabic keyboards type different code points for the same yeh and kaf, so both
 * map to the Persian forms (ی U+06CC, ک U+06A9).
 */
const YEH = /[\u064A\u0649]/g; // Arabic yeh, alef maksura
const KAF = /\u0643/g; // Arabic kaf
// Tatweel, harakat, superscript alef, Quranic marks; zero-width spaces, joiners, marks, BOM.
const INVISIBLE = /[\u0640\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u2039\u203A]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const SPACE = /\s+/g;

export function canonicalText(s: string): string {
  return s
    .normalize('NFC')
    .replace(YEH, '\u06CC')
    .replace(KAF, '\u06A9')
    .replace(INVISIBLE, '')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(SPACE, ' ')
    .trim();
}
