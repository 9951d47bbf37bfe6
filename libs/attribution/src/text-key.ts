/** A word of the text with its character offsets. */
export interface Token {
  /** Comparison key: see `textKey`. */
  key: string;
  text: string;
  start: number;
  end: number;
}

// Letters, marks (Arabic harakat) and digits make a word; ZWNJ, hyphens and apostrophes separate.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

// Arabic and Persian spell the same letters with different code points (ي/ی, ك/ک) and carry
// optional marks; folding them lets one alias match both scripts' spellings.
const FOLD: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ی: 'ي',
  ک: 'ك',
  ۀ: 'ه',
  ة: 'ه',
};

function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if ((code >= 0x064b && code <= 0x065f) || code === 0x0670 || code === 0x0640) return '';
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  return FOLD[ch] ?? ch;
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
  WORD.lastIndex = 0;
  for (let m = WORD.exec(source); m !== null; m = WORD.exec(source)) {
    const start = m.index;
    const end = start + m[0].length;
    const first = m[0].charCodeAt(0);
    const key = source === lower && (first < 0x0600 || first > 0x06ff) ? m[0] : textKey(m[0]);
    tokens.push({ key, text: text.slice(start, end), start, end });
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
