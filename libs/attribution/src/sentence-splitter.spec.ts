import fc from 'fast-check';
import { splitSentences, type SentenceSpan } from './sentence-splitter';

const sentences = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

/**
 * The splitter as a plain walk over every character, with regexes where the splitter uses
 * tables: the straightforward form `splitSentences` must agree with.
 */
function referenceSplit(text: string): SentenceSpan[] {
  const abbreviations = new Set(
    (
      'mr mrs ms dr gen lt col maj capt sgt adm gov sen rep st jr sr prof rev hon brig cmdr cpl pvt gens ' +
      'jan feb mar apr jun jul aug sep sept oct nov dec no nos co corp inc ltd vs etc approx est dept univ ' +
      'fig vol ave blvd mt ft sq pp ca cf al'
    ).split(' '),
  );
  const terminators = '.!?؟…。';
  const closers = '"”’\'»)].!?؟…。';
  const space = (c: string | undefined) => c !== undefined && ' \n\t\r\u00a0'.includes(c);
  const spans: SentenceSpan[] = [];
  for (const p of text.matchAll(/[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g)) {
    const start = p.index;
    const end = start + p[0].length;
    const paragraph = p[0];
    const count = (re: RegExp) => paragraph.match(re)?.length ?? 0;
    const trackQuotes =
      /["“”«»]/.test(paragraph) && count(/"/g) % 2 === 0 && count(/[“«]/g) === count(/[”»]/g);
    let from = start;
    let inStraight = false;
    let depth = 0;
    const push = (to: number) => {
      let s = from;
      let e = to;
      while (s < e && space(text[s])) s++;
      while (e > s && space(text[e - 1])) e--;
      if (e > s) spans.push({ start: s, end: e });
      from = to;
    };
    const endsSentence = (dot: number, after: number) => {
      let w = dot;
      while (w > from && /[\p{L}.]/u.test(text[w - 1])) w--;
      const word = text.slice(w, dot);
      let n = after;
      while (n < end && /\s/.test(text[n])) n++;
      if (n < end && /\p{Ll}/u.test(text[n])) return false;
      if (abbreviations.has(word.toLowerCase())) return false;
      if (/^\p{Lu}$/u.test(word) || word.includes('.')) return n >= end;
      return true;
    };
    for (let i = start; i < end; i++) {
      const c = text[i];
      if (trackQuotes) {
        if (c === '"') inStraight = !inStraight;
        else if ('“«'.includes(c)) depth++;
        else if ('”»'.includes(c)) depth--;
      }
      if (c === '\n') {
        const line = text.slice(from, i).trim();
        if (line.length > 0 && (line.length < 60 || terminators.includes(line[line.length - 1]))) push(i);
        continue;
      }
      if (inStraight || depth > 0 || !closers.includes(c)) continue;
      if (i + 1 < end && (closers.includes(text[i + 1]) || !space(text[i + 1]))) continue;
      let t = i;
      while (t > from && !terminators.includes(text[t]) && closers.includes(text[t])) t--;
      if (!terminators.includes(text[t])) continue;
      if (text[t] === '.' && !endsSentence(t, i + 1)) continue;
      push(i + 1);
    }
    push(end);
  }
  return spans;
}

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

  it('splits any text exactly as a walk over every character does', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        'IRNA said',
        ' ',
        '\u00a0',
        '. ',
        '.',
        '."',
        '?)',
        '"',
        '“',
        '”',
        '«',
        '»',
        '’',
        "'",
        'U.S.',
        'A.',
        'Gen. ',
        'etc.',
        'the',
        '\n',
        '\n\n',
        '\n \n',
        '؟ ',
        '…',
        '。',
        '!',
        'وقال',
        'É',
        'é',
        'x'.repeat(70),
      ),
      fc.string({ unit: 'binary', maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
        (text) => {
          expect(splitSentences(text)).toEqual(referenceSplit(text));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
