import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSignature, parseByline } from './byline';
import { normalize } from './normalize';

describe('bylines', () => {
  it.each([
    ['By Alan Karben, EP Aerospace Writer', [{ name: 'Alan Karben', title: 'EP Aerospace Writer' }]],
    ['By NASSER KARIMI and JON GAMBRELL', [{ name: 'NASSER KARIMI' }, { name: 'JON GAMBRELL' }]],
    [
      'Von Lena Vogt und Reza Amini, dpa',
      [
        { name: 'Lena Vogt', title: 'dpa' },
        { name: 'Reza Amini', title: 'dpa' },
      ],
    ],
    ['Por Ana Ruiz y Luis Gil', [{ name: 'Ana Ruiz' }, { name: 'Luis Gil' }]],
  ])('reads %s', (text, authors) => {
    expect(parseByline(text)?.authors).toEqual(authors);
  });

  it("takes the wire's own title element over a guess", () => {
    expect(parseByline('By Sara Kamali, Senior Correspondent', 'Senior Correspondent')).toEqual({
      byline: 'Sara Kamali, Senior Correspondent',
      authors: [{ name: 'Sara Kamali', title: 'Senior Correspondent' }],
    });
  });

  it("tells editors' initials from names", () => {
    for (const s of ['cae/tcr', 'fn/mro', 'dpa kre/su yysw a3 lön mda', 'dpa abc yydd n1 sku', 'ففف/ح س/كام'])
      expect([s, isSignature(s)]).toEqual([s, true]);
    for (const s of ['Marco Krefting', 'NASSER KARIMI and JON GAMBRELL'])
      expect([s, isSignature(s)]).toEqual([s, false]);
  });

  it('names the authors of any format that has a byline (agency copy here)', () => {
    const [story] = normalize(
      readFileSync(join(__dirname, '../../../fixtures/samples/araghchi-damascus.agency.txt')),
    );
    expect(story.authors).toEqual([{ name: 'Parisa Hafezi' }]);
  });
});
