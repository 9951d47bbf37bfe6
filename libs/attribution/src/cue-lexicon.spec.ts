import fc from 'fast-check';
import { arabicVerbForms, joins, persianVerbForms, PhraseSet } from './cue-lexicon';
import { phraseKeys, tokenize, type Token } from './text-key';

/** Every phrase tried in turn, longest first: the straightforward form `PhraseSet` must agree with. */
function referenceSet(phrases: string[]) {
  const keyed = phrases
    .map(phraseKeys)
    .filter((k) => k.length > 0)
    .sort((a, b) => b.length - a.length);
  const same = (tokenKey: string, phraseKey: string) =>
    tokenKey === phraseKey ||
    (tokenKey.length === phraseKey.length + 1 && 'وف'.includes(tokenKey[0]) && tokenKey.endsWith(phraseKey));
  const matches = (text: string, tokens: Token[], first: number, phrase: string[]) =>
    same(tokens[first].key, phrase[0]) &&
    phrase.every(
      (key, n) =>
        n === 0 || (tokens[first + n].key === key && joins(text, tokens[first + n - 1], tokens[first + n])),
    );
  return {
    startingAt: (text: string, tokens: Token[], i: number, limit: number) =>
      keyed.find((p) => i + p.length <= limit && matches(text, tokens, i, p))?.length ?? 0,
    endingAt: (text: string, tokens: Token[], i: number, floor: number) =>
      keyed.find((p) => i - p.length + 1 >= floor && matches(text, tokens, i - p.length + 1, p))?.length ?? 0,
  };
}

describe('PhraseSet', () => {
  it('finds the same longest phrase at every token as trying every phrase does', () => {
    // Few words, so that phrases often overlap; و/ف forms beside their bare words.
    const words = ['said', 'the', 'news', 'ذكرت', 'وذكرت', 'قال', 'فقال', 'و'];
    const phrase = fc
      .array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 })
      .map((w) => w.join(' '));
    const gap = fc.constantFrom(' ', ' ', '-', ', ', '\u200c', '\n');
    const text = fc
      .array(fc.tuple(fc.constantFrom(...words), gap), { maxLength: 25 })
      .map((parts) => parts.flat().join(''));
    fc.assert(
      fc.property(fc.array(phrase, { maxLength: 30 }), text, fc.nat(), (phrases, t, cut) => {
        const set = new PhraseSet(phrases);
        const reference = referenceSet(phrases);
        const tokens = tokenize(t);
        const bound = cut % (tokens.length + 1);
        for (let i = 0; i < tokens.length; i++) {
          expect(set.startingAt(t, tokens, i)).toBe(reference.startingAt(t, tokens, i, tokens.length));
          expect(set.startingAt(t, tokens, i, bound)).toBe(reference.startingAt(t, tokens, i, bound));
          expect(set.endingAt(t, tokens, i)).toBe(reference.endingAt(t, tokens, i, 0));
          expect(set.endingAt(t, tokens, i, bound)).toBe(reference.endingAt(t, tokens, i, bound));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('PhraseSet and the pronoun ه', () => {
  it('matches no word in ة with a phrase written with the pronoun ه', () => {
    const set = new PhraseSet(['نشره']);
    const text = 'نشره نشرة';
    const tokens = tokenize(text);
    expect([set.startingAt(text, tokens, 0), set.startingAt(text, tokens, 1)]).toEqual([1, 0]);
  });
});

describe('persianVerbForms', () => {
  const forms = persianVerbForms({
    simple: [['نوشت', 'نویس']],
    light: { داد: 'ده', کرد: 'کن' },
    compounds: { گزارش: ['داد'], اعلام: ['کرد'] },
  });

  it('makes the third-person tenses of a simple verb, affirmative and negated', () => {
    for (const form of [
      'نوشت',
      'نوشتند',
      'نوشته است',
      'نوشته‌اند',
      'نوشته بود',
      'می‌نویسد',
      'می نویسند',
      'ننوشت',
      'نمی‌نویسد',
    ])
      expect(forms).toContain(form);
  });

  it('inflects the light verb of a compound after its noun', () => {
    for (const form of [
      'گزارش داد',
      'گزارش دادند',
      'گزارش داده است',
      'گزارش می‌دهد',
      'گزارش نداد',
      'اعلام نمی‌کند',
      'اعلام کرده بودند',
    ])
      expect(forms).toContain(form);
    expect(forms).not.toContain('گزارش کرد');
  });

  it('refuses a compound whose light verb is not listed', () => {
    expect(() => persianVerbForms({ simple: [], light: {}, compounds: { خبر: ['داد'] } })).toThrow(
      /light verb/,
    );
  });
});

describe('arabicVerbForms', () => {
  const { after, verbFirst } = arabicVerbForms({
    verbs: [
      ['ذكر', 'ذكرت', 'ذكر'],
      ['اعتبر', 'اعتبرت', null],
    ],
    relatives: ['حسبما'],
    objectPronouns: ['ذكر'],
  });

  it('makes both pasts, and both presents only for a verb given a present stem', () => {
    expect(after).toEqual(['ذكر', 'ذكرت', 'يذكر', 'تذكر', 'اعتبر', 'اعتبرت']);
  });

  it('puts each past after a relative, and the pronoun on the verbs that take one, before the outlet', () => {
    for (const form of ['تذكر', 'حسبما ذكرت', 'حسبما اعتبر', 'ذكرته', 'ذكرها'])
      expect(verbFirst).toContain(form);
    expect(verbFirst).not.toContain('اعتبرته');
  });
});
