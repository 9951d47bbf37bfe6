/**
 * The one folding table for Arabic-script text, shared by wire-formats (canonical text),
 * dedup (fingerprints) and attribution (name keys), so that the three agree on which spellings
 * are the same.
 */

/**
 * Code points Arabic and Persian keyboards type for one letter (yeh, alef maksura, kaf): the same
 * letter in any text, folded to the Persian forms (ی U+06CC, ک U+06A9).
 */
export const SAME_LETTER: Readonly<Record<string, string>> = {
  '\u064A': '\u06CC', // ي
  '\u0649': '\u06CC', // ى
  '\u0643': '\u06A9', // ك
};

/**
 * Spellings that differ by a hamza's seat or a final form («أف» / «إف» / «اف», «ة» / «ه»): the same
 * word to a reader, folded for matching and fingerprints, kept in displayed text.
 */
export const SPELLING_VARIANTS: Readonly<Record<string, string>> = {
  '\u0623': '\u0627', // أ
  '\u0625': '\u0627', // إ
  '\u0622': '\u0627', // آ
  '\u0671': '\u0627', // ٱ
  '\u0624': '\u0648', // ؤ
  '\u0626': '\u06CC', // ئ
  '\u0629': '\u0647', // ة
  '\u06C0': '\u0647', // ۀ
};

/** Both tables: what matching and fingerprints fold. */
export const LETTER_FOLDS: Readonly<Record<string, string>> = { ...SAME_LETTER, ...SPELLING_VARIANTS };

/**
 * Marks agencies add or drop freely (harakat, superscript alef, tatweel) and the Persian half-space
 * and joiner («وال‌استریت» is «والاستریت»), as a character-class body for a RegExp.
 */
export const OPTIONAL_MARKS = '\\u064B-\\u065F\\u0670\\u0640\\u200C\\u200D';

/** A global RegExp matching every key of `table`, for `text.replace(re, (c) => table[c])`. */
export function foldPattern(table: Readonly<Record<string, string>>): RegExp {
  return new RegExp(`[${Object.keys(table).join('')}]`, 'g');
}
