import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from './normalize';
import { WireFormatError } from './wire-format.error';

const SAMPLES = join(__dirname, '../../../fixtures/samples');

describe('NewsML-G2 as agencies fill it', () => {
  const [xhtml, nitf] = normalize(readFileSync(join(SAMPLES, 'tehran-exhibition.newsml-g2.xml')));

  it('reads the main and the sub headline by role, decodes references and signals CORRECTED-', () => {
    expect(xhtml.headline).toBe('Teheraner Museum zeigt gerettete Handschriften – erstmals');
    expect(xhtml.subheadline).toBe('Die Ausstellung läuft bis Juli');
    expect(xhtml.signals).toEqual(['correction']);
  });

  it('takes the byline from <by>, not from an account-like creator', () => {
    expect(xhtml.byline).toBe('Mina Rad und Omid Sadri');
    expect(xhtml.authors).toEqual([{ name: 'Mina Rad' }, { name: 'Omid Sadri' }]);
  });

  it('prefers the dateline the copy and <dateline> give over where the item is located', () => {
    expect(xhtml.dateline).toMatchObject({ place: 'Berlin', agency: 'nwx', text: 'Berlin (nwx)' });
  });

  it('leaves the XHTML header, the notepad, repeats and a not-for-publication block out of the body', () => {
    expect(xhtml.body).toEqual([
      'Berlin (nwx) - Ein Museum zeigt erstmals gerettete Handschriften.',
      'Die Schau ist bis Juli zu sehen.',
    ]);
  });

  it('carries the public editor note only (not the closing line or an editors-only note)', () => {
    expect(xhtml.editorNote).toBe('Zu diesem Text gibt es Bilder.');
  });

  it('takes the headline of embedded NITF when contentMeta has none, through the shared NITF mapping', () => {
    expect(nitf).toMatchObject({
      headline: 'Isfahan bridge reopens after repairs',
      byline: 'Dara Nouri',
      dateline: { place: 'ISFAHAN', date: 'May 23', agency: 'NWX' },
      body: ['ISFAHAN, May 23 (NWX) - The Khaju bridge reopened on Thursday.'],
    });
  });

  it('refuses a newsMessage of picture items only as unsupported, not empty', () => {
    const pictures =
      '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet><newsItem guid="p1" version="1">' +
      '<itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem></itemSet></newsMessage>';
    expect(() => normalize(Buffer.from(pictures))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }) as WireFormatError,
    );
  });
});
