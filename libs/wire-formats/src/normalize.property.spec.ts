import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CanonicalStory } from '@newswire/contracts';
import { normalize } from './normalize';
import { WireFormatError } from './wire-format.error';

const SAMPLES = join(__dirname, '../../../fixtures/samples');
const samples = readdirSync(SAMPLES)
  .filter((f) => /\.(xml|json|txt)$/.test(f) && f !== 'manifest.json')
  .map((f) => readFileSync(join(SAMPLES, f)));
const xmlAndJson = samples.filter((b) => /^\s*[<{]/.test(b.subarray(0, 16).toString('latin1')));
const TIME_BOUND_MS = 250;

// A surrogate that is not half of a pair.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const texts = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(texts) : [];

/**
 * Every input ends as valid stories, with no text that PostgreSQL refuses, or as a WireFormatError,
 * quickly. Anything else fails.
 */
function endsWell(bytes: Uint8Array): void {
  const started = performance.now();
  try {
    for (const story of normalize(bytes)) {
      CanonicalStory.parse(story);
      for (const text of texts(story)) {
        expect(text.includes('\u0000')).toBe(false);
        expect(text).not.toMatch(LONE_SURROGATE);
      }
    }
  } catch (e) {
    if (!(e instanceof WireFormatError)) throw e;
  }
  expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
}

// Tokens that exercise every parser's edge: markup, entities, framing, datelines, prefixes.
const TOKENS = [
  '<',
  '>',
  '</',
  '/>',
  '&',
  '&amp;',
  '&#',
  '&#x',
  ';',
  '"',
  "'",
  ' ',
  '\n',
  '\n\n',
  '\t',
  'A',
  'a',
  '1',
  ',',
  '(',
  ')',
  '-',
  '[',
  ']',
  '{',
  '}',
  ':',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?xml version="1.0"?>',
  '<newsItem>',
  '<item>',
  '<rss>',
  '<feed>',
  '<p>',
  '<figure>',
  '<script>',
  '\x01',
  '\x02',
  '\x03',
  '\x16',
  'UPDATE 1-',
  'DUBAI, April 22 (Reuters) - ',
  'By ',
  '^',
  '2 min read',
  '23 May, 2024',
  'caption [Getty]',
  'ي',
  'ی',
  'ـ',
  '\u200c',
  '"headlines":',
  '"bodies":',
  '\\u0000',
  '\\ud800',
  '\\udc00',
  '&#0;',
  '&#xD800;',
];

describe('normalize refuses text the read model cannot store', () => {
  const ninjs = (headline: string) =>
    Buffer.from(
      JSON.stringify({ uri: 'u', headlines: [{ value: headline }], bodies: [{ value: 'A body.' }] }),
    );

  it.each([
    ['a NUL', '\u0000Tehran', 'a NUL character'],
    ['an unpaired high surrogate', 'Tehran \ud800', 'an unpaired UTF-16 surrogate'],
    ['an unpaired low surrogate', '\udc00 Tehran', 'an unpaired UTF-16 surrogate'],
  ])('with %s as BAD_ENCODING, saying where', (_, headline, what) => {
    expect(() => normalize(ninjs(headline), { format: 'ninjs' })).toThrow(
      expect.objectContaining({
        code: 'BAD_ENCODING',
        message: expect.stringContaining(`story.headline holds ${what}`),
      }),
    );
  });

  it('but keeps a surrogate pair (an emoji, a rare CJK character)', () => {
    const [story] = normalize(ninjs('Tehran \ud83d\udcf0'), { format: 'ninjs' });
    expect(story.headline).toBe('Tehran 📰');
  });
});

describe('normalize never crashes or hangs', () => {
  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), endsWell), { numRuns: 300 });
  });

  it('on arbitrary Unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 1000 }), (s) => endsWell(Buffer.from(s))),
      { numRuns: 300 },
    );
  });

  it('on text made of the tokens each parser reacts to', () => {
    const text = fc.array(fc.constantFrom(...TOKENS), { maxLength: 400 }).map((t) => t.join(''));
    fc.assert(
      fc.property(text, (s) => endsWell(Buffer.from(s))),
      { numRuns: 500 },
    );
  });

  it('on long repetitive input that trips backtracking regexes', () => {
    const unit = fc.constantFrom(
      'A',
      'AB ',
      ', ',
      '(',
      '[',
      ' -',
      '<a ',
      '&#',
      'UPDATE 1',
      '\n \n',
      'By X',
      'ی',
    );
    fc.assert(
      fc.property(unit, fc.integer({ min: 1000, max: 20000 }), (u, n) => endsWell(Buffer.from(u.repeat(n)))),
      { numRuns: 40 },
    );
  });

  it('on mangled XML and JSON samples: truncated, cut, spliced', () => {
    const mangled = fc
      .tuple(
        fc.constantFrom(...xmlAndJson),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 20 }),
        fc.constantFrom('truncate', 'cut', 'splice'),
      )
      .map(([bytes, a, b, insert, how]) => {
        const s = bytes.toString('utf8');
        const i = a % (s.length + 1);
        const j = Math.min(s.length, i + (b % 200));
        if (how === 'truncate') return s.slice(0, i);
        if (how === 'cut') return s.slice(0, i) + s.slice(j);
        return s.slice(0, i) + insert + s.slice(i);
      });
    fc.assert(
      fc.property(mangled, (s) => endsWell(Buffer.from(s))),
      { numRuns: 500 },
    );
  });
});
