import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from './normalize';
import { WireFormatError } from './wire-format.error';

const SAMPLES = join(__dirname, '../../../fixtures/samples');

describe('IPTC 7901 as dpa sends it', () => {
  const [story] = normalize(readFileSync(join(SAMPLES, 'berlin-talks.dpa-style.iptc7901.txt')));

  it('takes the keyword line of the header as the slug, not the first line of the text', () => {
    expect(story).toMatchObject({
      format: 'iptc7901',
      source: 'nwx',
      urgency: 2,
      slug: 'Diplomatie/Iran/Deutschland',
      keywords: ['Diplomatie', 'Iran', 'Deutschland'],
    });
  });

  it('reads the title block: correction note, headline before ` =`, byline with its authors', () => {
    expect(story.headline).toBe('Iran und Deutschland vereinbaren neue Gesprächsrunde');
    expect(story.signals).toEqual(['correction']);
    expect(story.byline).toBe('Lena Vogt und Reza Amini, nwx');
    expect(story.authors).toEqual([
      { name: 'Lena Vogt', title: 'nwx' },
      { name: 'Reza Amini', title: 'nwx' },
    ]);
    expect(story.dateline).toMatchObject({ place: 'Berlin', agency: 'nwx' });
  });

  it('keeps the notepad and the not-for-publication block out of the body, as the editor note', () => {
    expect(story.body).toEqual([
      'Berlin (nwx) - Die Außenminister Irans und Deutschlands haben am Donnerstag in Berlin eine neue Gesprächsrunde vereinbart.',
      'Das nächste Treffen soll im Juni in Wien stattfinden, hieß es.',
    ]);
    expect(story.editorNote).toMatch(/^Berichtigung: In einer früheren Version/);
    expect(story.editorNote).toContain('nicht zur Veröffentlichung bestimmt');
    expect(story.editorNote).toContain('+49 30 0000000');
    // The editors' initials that sign the text off are neither copy nor note.
    expect(story.editorNote).not.toContain('yyzz');
  });

  it('refuses a text that has a header and no copy', () => {
    const bare =
      '\x01nwx0001 3 pl 10  nwx 0001\r\n\r\nDiplomatie/Iran/\r\n\x02Headline only =\r\n\x03\r\n\x04';
    expect(() => normalize(Buffer.from(bare))).toThrow(
      expect.objectContaining({ code: 'EMPTY_BODY' }) as WireFormatError,
    );
  });
});
