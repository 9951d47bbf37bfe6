import fc from 'fast-check';
import { charClass } from './char-class';

describe('charClass', () => {
  it('answers for every code unit as the regex does for that one character, seen once or again', () => {
    const classes = [/\s/, /[\p{L}.]/u, /\p{Ll}/u, /^[\p{L}\p{M}\p{N}]$/u, /[\s,،;؛:—–\-.!?؟…]/u];
    const tests = classes.map((re) => [re, charClass(re)] as const);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 }), (codes) => {
        for (const [re, test] of tests) {
          for (const code of [...codes, ...codes])
            expect(test(code)).toBe(re.test(String.fromCharCode(code)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
