import { LETTER_FOLDS, OPTIONAL_MARKS } from '@newswire/contracts';
import { charClass } from './char-class';

/** A word of the text with its character offsets. */
export interface Token {
  /** Comparison key: see `textKey`. */
  key: string;
  text: string;
  start: number;
  end: number;
}

// Letters, marks (Arabic harakat) and digits make a word; ZWNJ, hyphens and apostrophes separate.
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const isWordUnit = charClass(WORD_CHAR);
const ZWNJ = 0x200c;
const arabicLetter = (code: number) => code >= 0x0620 && code <= 0x06d3 && isWordUnit(code);

const isDigit = (code: number) =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x0660 && code <= 0x0669) || (code >= 0x06f0 && code <= 0x06f9);
const arabicScript = (code: number) => code >= 0x0620 && code <= 0x06ff;

/**
 * Persian and Arabic copy often writes a number against the next word ("۱۶مرداد", "۹۸خبر داد"):
 * a digit beside an Arabic-script letter starts a new word.
 */
function gluedNumber(prev: number, code: number): boolean {
  if (!arabicScript(code) && !arabicScript(prev)) return false;
  return isDigit(prev) !== isDigit(code);
}

/** Whether the code unit `code` at `i` of `s` starts a word character outside the BMP ("𝐀"). */
function astralWordAt(s: string, i: number, code: number): boolean {
  if (code < 0xd800 || code > 0xdbff || i + 1 >= s.length) return false;
  const low = s.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff && WORD_CHAR.test(s.slice(i, i + 2));
}

// Arabic and Persian spell the same letters with different code points (ي/ی, ك/ک) and carry
// optional marks and half-spaces: folding them (the project's one table) lets one alias match
// every spelling.
const isOptionalMark = charClass(new RegExp(`[${OPTIONAL_MARKS}]`));

function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (isOptionalMark(code)) return '';
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  return LETTER_FOLDS[ch] ?? ch;
}

/** Case- and script-folded key of one word; equal keys are the same word. */
export function textKey(word: string): string {
  let ascii = true;
  for (let i = 0; i < word.length && ascii; i++) ascii = word.charCodeAt(i) < 0x80;
  if (ascii) return word.toLowerCase();
  let out = '';
  for (const ch of word.toLowerCase()) out += foldChar(ch);
  return out;
}

/** The words of `text`, with offsets into it. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // Lower-casing once is much cheaper than per word; it keeps offsets unless a character changes
  // length when lower-cased (rare: "İ"), in which case each word is keyed on its own.
  const lower = text.toLowerCase();
  const source = lower.length === text.length ? lower : text;
  const length = source.length;
  let i = 0;
  while (i < length) {
    const start = i;
    // OR of the word's code units: below 0x80, the word is ASCII.
    let codes = 0;
    while (i < length) {
      const code = source.charCodeAt(i);
      if (isWordUnit(code)) {
        if (i > start && gluedNumber(source.charCodeAt(i - 1), code)) break;
        i++;
      } else if (astralWordAt(source, i, code)) i += 2;
      // A half-space inside a Persian word ("خبرگزاری‌ها") is part of it, written or not.
      else if (
        code === ZWNJ &&
        i > start &&
        arabicLetter(source.charCodeAt(i - 1)) &&
        arabicLetter(source.charCodeAt(i + 1))
      )
        i++;
      else break;
      codes |= code;
    }
    if (i === start) {
      i++;
      continue;
    }
    const word = text.slice(start, i);
    const first = source.charCodeAt(start);
    // An ASCII word's key is its lower case (the word itself when it has no capital letter).
    const key =
      codes < 0x80
        ? word.toLowerCase()
        : source === lower && (first < 0x0600 || first > 0x06ff)
          ? lower.slice(start, i)
          : textKey(source.slice(start, i));
    tokens.push({ key, text: word, start, end: i });
  }
  return tokens;
}

/** Keys of the words of a phrase, as the tokenizer would see them. */
export function phraseKeys(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.key);
}

const ARABIC_LETTER = /[\u0600-\u06ff]/;
/** True when the word is written in Arabic script (Arabic or Persian). */
export function isArabicScript(word: string): boolean {
  return ARABIC_LETTER.test(word);
}
