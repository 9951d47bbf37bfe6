import fc from 'fast-check';
import { textKey, tokenize, type Token } from './text-key';

/** The tokenizer as a regex scan: the straightforward form `tokenize` must agree with. */
function referenceTokenize(text: string): Token[] {
  const lower = text.toLowerCase();
  const source = lower.length === text.length ? lower : text;
  const tokens: Token[] = [];
  // A half-space between two Arabic-script letters is inside the word.
  for (const m of source.matchAll(/(?:[\p{L}\p{M}\p{N}]|(?<=[\u0620-\u06d3])\u200c(?=[\u0620-\u06d3]))+/gu)) {
    for (const [start, end] of gluedNumberParts(m[0], m.index)) {
      const word = source.slice(start, end);
      const first = word.charCodeAt(0);
      const key = source === lower && (first < 0x0600 || first > 0x06ff) ? word : textKey(word);
      tokens.push({ key, text: text.slice(start, end), start, end });
    }
  }
  return tokens;
}

const DIGIT = /[0-9٠-٩۰-۹]/;
const ARABIC_SCRIPT = /[\u0620-\u06ff]/;

/** [start, end) of the words in `word` (at `at`): a number against an Arabic-script letter is cut off. */
function gluedNumberParts(word: string, at: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let from = 0;
  for (let j = 1; j < word.length; j++) {
    const [a, b] = [word[j - 1], word[j]];
    const highSurrogate = b.charCodeAt(0) >= 0xd800 && b.charCodeAt(0) <= 0xdbff;
    if (
      !highSurrogate &&
      (ARABIC_SCRIPT.test(a) || ARABIC_SCRIPT.test(b)) &&
      DIGIT.test(a) !== DIGIT.test(b)
    ) {
      parts.push([at + from, at + j]);
      from = j;
    }
  }
  parts.push([at + from, at + word.length]);
  return parts;
}

describe('tokenize', () => {
  it('keys a Persian word the same with or without its half-space, and Arabic letter variants alike', () => {
    expect(tokenize('وال‌استریت').map((t) => t.key)).toEqual(tokenize('والاستریت').map((t) => t.key));
    expect(tokenize('شام أف أم').map((t) => t.key)).toEqual(tokenize('شام إف إم').map((t) => t.key));
    expect(tokenize('يكي').map((t) => t.key)).toEqual(tokenize('یکی').map((t) => t.key));
  });

  it('cuts a number written against an Arabic-script word into a word of its own', () => {
    expect(tokenize('۹۸خبر داد ۱۶مرداد G7').map((t) => t.text)).toEqual([
      '۹۸',
      'خبر',
      'داد',
      '۱۶',
      'مرداد',
      'G7',
    ]);
  });

  it('keys words case- and script-folded, with offsets into the text', () => {
    expect(tokenize('Iran’s IRNA: كتب «ی» 𝐀b')).toEqual([
      { key: 'iran', text: 'Iran', start: 0, end: 4 },
      { key: 's', text: 's', start: 5, end: 6 },
      { key: 'irna', text: 'IRNA', start: 7, end: 11 },
      { key: 'کتب', text: 'كتب', start: 13, end: 16 },
      { key: 'ی', text: 'ی', start: 18, end: 19 },
      { key: '𝐀b', text: '𝐀b', start: 21, end: 24 },
    ]);
  });

  it('splits any text exactly as a regex scan for letters, marks and digits does', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)) }),
      fc.constantFrom(
        'IRNA',
        'AZ',
        'Fars',
        'said',
        ' ',
        '\u200c',
        "'s",
        '-',
        'İstanbul',
        'ΣΑΣ',
        '\u212aelvin',
        'وكالة',
        'خبرگزاری',
        'ۀ۱۵',
        '۹۸',
        '3',
        'إِنَّ',
        '𝐀',
        '\ud835',
      ),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }).map((p) => p.join('')),
        (text) => {
          expect(tokenize(text)).toEqual(referenceTokenize(text));
        },
      ),
      { numRuns: 500 },
    );
  });
});
