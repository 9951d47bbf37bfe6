import fc from 'fast-check';
import { canonicalLanguageTag } from './language-tag';

describe('canonicalLanguageTag', () => {
  it.each([
    ['DE', 'de'],
    ['en-us', 'en-US'],
    ['en_GB', 'en-GB'],
    ['zh-cn', 'zh-CN'],
    ['sr-latn-rs', 'sr-Latn-RS'],
    ['iw', 'he'],
    [' fa ', 'fa'],
    ['not a tag', 'not a tag'],
  ])('%s is %s', (tag, expected) => {
    expect(canonicalLanguageTag(tag)).toBe(expected);
  });

  it('is idempotent on any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (tag) => {
        const once = canonicalLanguageTag(tag);
        expect(canonicalLanguageTag(once)).toBe(once);
      }),
    );
  });
});
