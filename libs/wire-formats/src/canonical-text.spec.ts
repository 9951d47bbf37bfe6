import { canonicalText } from './canonical-text';

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
});
