import { SAME_LETTER } from '@newswire/contracts';

/**
 * The text used for fingerprints: two copies of a story that differ only in Unicode form,
 * Arabic/Persian letter variants, vowel marks, quotes, dashes or spacing give the same string.
 * Persian and Arabic keyboards type different code points for the same yeh and kaf, so both
 * map to the Persian forms (ی U+06CC, ک U+06A9).
 */
const REPLACEMENTS: Record<string, string> = {};
const setAll = (chars: string, to: string) => {
  for (const c of chars) REPLACEMENTS[c] = to;
};
// Arabic yeh, alef maksura and kaf: the same letters as Persian's (the project's one table, in
// contracts); the other spelling variants it folds are kept in the text.
Object.assign(REPLACEMENTS, SAME_LETTER);
setAll('\u2018\u2019\u201A\u201B\u2032\u0060\u00B4', "'");
setAll('\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u2039\u203A', '"');
setAll('\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D', '-');

// One pass for every mapped or removed character: tatweel, harakat, superscript alef, Quranic
// marks, zero-width spaces/joiners/marks, bidi controls, BOM are removed (no entry in the map).
const SPECIAL =
  // eslint-disable-next-line no-misleading-character-class -- the combining marks are listed to be removed
  /[\u064A\u0649\u0643\u2018\u2019\u201A\u201B\u2032\u0060\u00B4\u201C-\u201F\u2033\u00AB\u00BB\u2039\u203A\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\u0640\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const UNCOLLAPSED = /\s{2,}|[^\S ]/g;

export function canonicalText(s: string): string {
  return folded(s).text.replace(UNCOLLAPSED, ' ').trim();
}

/**
 * `canonicalText` of text already whitespace-collapsed and trimmed (buildStory's headline and
 * paragraphs joined by one space): the whitespace pass, a regex over the whole story, is needed
 * only where a removed character left two spaces side by side or one at an end.
 */
export function canonicalTextOfCollapsed(s: string): string {
  const { text, removed } = folded(s);
  return removed ? text.replace(UNCOLLAPSED, ' ').trim() : text;
}

function folded(s: string): { text: string; removed: boolean } {
  let removed = false;
  const text = s.normalize('NFC').replace(SPECIAL, (c) => {
    const to = REPLACEMENTS[c];
    if (to !== undefined) return to;
    removed = true;
    return '';
  });
  return { text, removed };
}
