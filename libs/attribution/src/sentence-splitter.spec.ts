import fc from 'fast-check';
import { splitSentences } from './sentence-splitter';

const sentences = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits on full stops, question and exclamation marks', () => {
    expect(sentences('The talks ended. Did they fail? No!')).toEqual([
      'The talks ended.',
      'Did they fail?',
      'No!',
    ]);
  });

  it('does not split after abbreviations, titles and initials', () => {
    expect(sentences('Gen. Hossein Salami met U.S. envoys on Jan. 5 in Tehran. They talked.')).toEqual([
      'Gen. Hossein Salami met U.S. envoys on Jan. 5 in Tehran.',
      'They talked.',
    ]);
  });

  it('keeps a multi-sentence quotation with the attribution that follows it', () => {
    expect(sentences('"We will respond. The enemy will regret it," IRIB said. Then it ended.')).toEqual([
      '"We will respond. The enemy will regret it," IRIB said.',
      'Then it ended.',
    ]);
  });

  it('ends a sentence after a closing quote that follows a full stop', () => {
    expect(sentences('He said “we are ready.” Saba quoted him.')).toEqual([
      'He said “we are ready.”',
      'Saba quoted him.',
    ]);
  });

  it('splits Arabic and Persian on . and ؟ but not on the comma ، or semicolon ؛', () => {
    expect(sentences('قالت الوكالة، نقلاً عن مصدر؛ إن الهجوم فشل. هل انتهى؟ نعم.')).toEqual([
      'قالت الوكالة، نقلاً عن مصدر؛ إن الهجوم فشل.',
      'هل انتهى؟',
      'نعم.',
    ]);
  });

  it('always ends a sentence at a paragraph break', () => {
    expect(sentences('No full stop here\n\nNext paragraph.')).toEqual([
      'No full stop here',
      'Next paragraph.',
    ]);
  });

  it('returns ordered, trimmed, non-overlapping spans that cover every non-space character', () => {
    const piece = fc.constantFrom(
      'IRNA said',
      ' ',
      '. ',
      '"',
      '“',
      '”',
      'U.S.',
      '\n',
      '\n\n',
      '؟ ',
      'Gen. ',
      'word',
      '!',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
        (text) => {
          const spans = splitSentences(text);
          let covered = 0;
          let last = 0;
          for (const s of spans) {
            expect(s.start).toBeGreaterThanOrEqual(last);
            expect(s.end).toBeGreaterThan(s.start);
            expect(text[s.start]).toMatch(/\S/);
            expect(text[s.end - 1]).toMatch(/\S/);
            covered += text.slice(s.start, s.end).replace(/\s/g, '').length;
            last = s.end;
          }
          expect(covered).toBe(text.replace(/\s/g, '').length);
        },
      ),
    );
  });
});
