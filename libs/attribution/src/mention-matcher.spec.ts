import { defaultCueLexicon } from './cue-lexicon';
import fc from 'fast-check';
import { bucketOf, entriesBefore, MentionMatcher, type Entry } from './mention-matcher';
import { defaultRegistry } from './outlet-registry';
import { isArabicScript, tokenize } from './text-key';

describe('MentionMatcher', () => {
  const registry = defaultRegistry();
  const matcher = new MentionMatcher(registry, defaultCueLexicon().anaphors);
  const whole = (text: string) => {
    const tokens = tokenize(text);
    return matcher.find(text, tokens).map((m) => [m.first, m.last, m.target.type]);
  };
  const aliases = registry.outlets.flatMap(({ aliases: a }) =>
    [a.en, a.ar, a.fa, a.ambiguous, a.abbreviations].flatMap((list) => list ?? []),
  );
  const phrases = registry.unnamedSources.flatMap((s) => s.phrases).filter((p) => !p.includes('{'));

  // The lookup turns most words away before the map: it must never turn away a name.
  it('finds every registry name, unnamed-source phrase and anaphor standing alone', () => {
    for (const alias of aliases)
      expect([alias, whole(alias)]).toEqual([alias, [[0, tokenize(alias).length - 1, 'outlet']]]);
    for (const phrase of phrases)
      expect([phrase, whole(phrase)]).toEqual([phrase, [[0, tokenize(phrase).length - 1, 'unnamed']]]);
    for (const anaphor of defaultCueLexicon().anaphors.map((a) => a.replace('{country}', 'Iranian')))
      expect([anaphor, whole(anaphor)]).toEqual([anaphor, [[0, tokenize(anaphor).length - 1, 'anaphor']]]);
  });

  it('finds every Arabic-script name behind a proclitic (وتسنيم, للمنار)', () => {
    const firstWords = new Set(aliases.map((a) => tokenize(a)[0].key));
    for (const alias of aliases.filter(isArabicScript)) {
      const n = tokenize(alias).length - 1;
      const forms = ['و' + alias, alias.startsWith('ال') ? 'ل' + alias.slice(1) : 'ل' + alias];
      // "وام تي في" is WAM, then other words.
      for (const form of forms.filter((f) => !firstWords.has(tokenize(f)[0].key)))
        expect([form, whole(form)]).toEqual([form, [[0, n, 'outlet']]]);
    }
  });
});

describe('entriesBefore', () => {
  const target = { type: 'anaphor' } as const;
  const word = fc.constantFrom('state', 'media', 'tv', 'the', '{country}', 'agency');

  // The straightforward form: every entry of the first word, less those the next word rules out.
  it('gives, in order, exactly the entries whose second word can be the next word', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(word, { minLength: 1, maxLength: 4 }), { maxLength: 12 }),
        fc.option(word, { nil: undefined }),
        (keyLists, next) => {
          const entries: Entry[] = keyLists.map((keys) => ({ keys: ['first', ...keys.slice(1)], target }));
          const possible = entries.filter(
            (e) =>
              e.keys.length === 1 || e.keys[1] === '{country}' || (next !== undefined && e.keys[1] === next),
          );
          const index = (list: Entry[]) => list.map((e) => entries.indexOf(e));
          expect(index(entriesBefore(bucketOf(entries), next))).toEqual(index(possible));
        },
      ),
      { numRuns: 500 },
    );
  });
});
