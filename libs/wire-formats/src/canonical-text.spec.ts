import fc from 'fast-check';
import { canonicalText, canonicalTextOfCollapsed } from './canonical-text';
import { collapse } from './html-to-text';

describe('canonicalText', () => {
  it('unifies Arabic and Persian yeh and kaf', () => {
    expect(canonicalText('علي كتاب')).toBe(canonicalText('علی کتاب'));
    expect(canonicalText('مصطفى')).toBe('مصطفی');
  });

  it('removes tatweel, diacritics and zero-width characters', () => {
    expect(canonicalText('الرئيـــس')).toBe(canonicalText('الرئيس'));
    expect(canonicalText('مُحَمَّد')).toBe(canonicalText('محمد'));
    expect(canonicalText('گفت\u200cوگو\u200b')).toBe('گفتوگو');
  });

  it('unifies quotes and dashes and collapses whitespace', () => {
    expect(canonicalText('  “Axis”\u00a0— ‘resistance’ \n\n said ')).toBe('"Axis" - \'resistance\' said');
  });

  it('applies Unicode NFC', () => {
    expect(canonicalText('e\u0301')).toBe('\u00e9');
  });

  it('gives collapsed text the canonical text of canonicalText', () => {
    const parts = fc.constantFrom('a', 'ك', ' ', '\u200b', '\u0640', '“', '—', 'e\u0301', '\u00a0', '\n');
    fc.assert(
      fc.property(fc.array(parts, { maxLength: 20 }), (chars) => {
        const collapsed = collapse(chars.join(''));
        expect(canonicalTextOfCollapsed(collapsed)).toBe(canonicalText(collapsed));
      }),
    );
  });
});
