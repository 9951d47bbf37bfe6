import fc from 'fast-check';
import { splitSentences } from './sentence-splitter';
import { tokenize } from './text-key';
import { tokenIndexAt, tokenIndexFrom, trimEdgeEnd } from './text-span';

const piece = fc.constantFrom(
  'IRNA said',
  'talks',
  ' ',
  '\u00a0',
  ', ',
  '. ',
  '...',
  '؟ ',
  '، ',
  '؛',
  '—',
  '–',
  '-',
  '…',
  '!',
  ':',
  '"',
  '\n',
  '\n\n',
  'وكالة',
  '𝐀',
  '\ud835',
);
const text = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));

describe('text spans', () => {
  it("finds each sentence's tokens as a walk from the previous sentence's does", () => {
    fc.assert(
      fc.property(text, (t) => {
        const tokens = tokenize(t);
        let first = 0;
        for (const sentence of splitSentences(t)) {
          while (first < tokens.length && tokens[first].start < sentence.start) first++;
          let end = first;
          while (end < tokens.length && tokens[end].end <= sentence.end) end++;
          const from = tokenIndexFrom(tokens, sentence.start);
          expect([from, Math.max(from, tokenIndexAt(tokens, sentence.end))]).toEqual([first, end]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('trims the same closing spaces and punctuation as a regex anchored at the end', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, a, b) => {
        const start = a % (t.length + 1);
        const end = b % (t.length + 1);
        const tail = /[\s,،;؛:—–\-.!?؟…]+$/u.exec(t.slice(start, end));
        expect(trimEdgeEnd(t, start, end)).toBe(end - (tail ? tail[0].length : 0));
      }),
      { numRuns: 500 },
    );
  });
});
