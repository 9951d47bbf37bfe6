import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CanonicalStory } from '@newswire/contracts';
import { canonicalText } from './canonical-text';
import { normalize } from './normalize';
import { WireFormatError } from './wire-format.error';

const SAMPLES = join(__dirname, '../../../fixtures/samples');
const read = (file: string) => readFileSync(join(SAMPLES, file));
const one = (file: string, source?: string) => {
  const stories = normalize(read(file), { source });
  expect(stories).toHaveLength(1);
  return CanonicalStory.parse(stories[0]);
};

describe('sample wire files', () => {
  const manifest = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8')) as {
    files: Array<{ file: string; format?: string; stories?: number; error?: string }>;
  };

  it.each(manifest.files)('reads $file as the manifest says', ({ file, format, stories, error }) => {
    if (error) {
      expect(() => normalize(read(file))).toThrow(
        expect.objectContaining({ code: error }) as WireFormatError,
      );
    } else {
      const out = normalize(read(file));
      expect(out).toHaveLength(stories!);
      expect(new Set(out.map((s) => s.format))).toEqual(new Set([format]));
    }
  });

  it('gives the same headline and body for one story sent as plain text, ninjs and NewsML-G2', () => {
    const [plain, ninjs, g2] = [
      'iran-drones.plain.txt',
      'iran-drones.ninjs.json',
      'iran-drones.newsml.xml',
    ].map((f) => one(f));
    expect([plain.format, ninjs.format, g2.format]).toEqual(['plain-text', 'ninjs', 'newsml-g2']);
    expect(ninjs.headline).toBe(plain.headline);
    expect(g2.headline).toBe(plain.headline);
    expect(ninjs.body).toEqual(plain.body);
    expect(g2.body).toEqual(plain.body);
    expect(g2.canonicalText).toBe(plain.canonicalText);
    expect(plain.body).toHaveLength(7);
    expect(plain.body[0]).toMatch(/^Iran's air defences fired at several small drones/);
  });

  it('links an agency story, its UPDATE 1 and its kill notice by one guid with rising versions', () => {
    const first = one('araghchi-damascus.agency.txt');
    const update = one('araghchi-damascus.update1.agency.txt');
    const kill = one('araghchi-damascus.kill.agency.txt');
    expect(new Set([first.guid, update.guid, kill.guid]).size).toBe(1);
    expect([first.version, update.version, kill.version]).toEqual([1, 2, 3]);
    expect(first).toMatchObject({
      format: 'agency-text',
      source: 'reuters',
      signals: [],
      pubStatus: 'usable',
      byline: 'Parisa Hafezi',
    });
    expect(first.dateline).toEqual({
      place: 'DUBAI',
      date: 'April 22',
      agency: 'Reuters',
      text: 'DUBAI, April 22 (Reuters)',
    });
    expect(update).toMatchObject({
      signals: ['update'],
      headline: "Iran's foreign minister meets Assad in Damascus, vows continued support",
      editorNote: 'Adds comments by Assad, Al-Manar report in paragraphs 3-5',
    });
    expect(update.body[0]).toMatch(/^DUBAI, April 22 \(Reuters\) - Iran's foreign minister met/);
    expect(kill).toMatchObject({ pubStatus: 'canceled', signals: ['kill', 'update'] });
    expect(kill.editorNote).toMatch(/^Reuters has withdrawn this story\./);
  });

  it('keeps the embargo, edNote, keywords and update signal of the embargoed G2 item', () => {
    expect(one('hezbollah-statement.embargoed.newsml.xml')).toMatchObject({
      embargoed: '2024-05-24T18:00:00.000Z',
      versionCreated: '2024-05-24T12:40:00.000Z',
      firstCreated: '2024-05-24T11:05:00.000Z',
      version: 2,
      signals: ['update'],
      urgency: 4,
      keywords: ['Hezbollah', 'Lebanon'],
      dateline: { place: 'Beirut', text: 'BEIRUT, May 24' },
    });
  });

  it('gives one story per text item of a newsMessage and skips package and picture items', () => {
    const stories = normalize(read('yemen-syria.newsmessage.xml'));
    expect(stories.map((s) => [s.guid, s.version, s.signals])).toEqual([
      ['urn:newsml:example-wire.com:20240612:YEMEN-HOUTHIS-SHIP', 1, []],
      ['urn:newsml:example-wire.com:20240612:SYRIA-STRIKE', 3, ['correction']],
    ]);
  });

  it('reads IPTC 7901 copy: framing, priority, category, version words, end-line time', () => {
    const s = one('gaza-school.iptc7901.txt');
    expect(s).toMatchObject({
      format: 'iptc7901',
      source: 'afp',
      urgency: 3,
      version: 3,
      signals: ['update'],
      headline: 'Gaza civil defence says strike hits school sheltering displaced',
      versionCreated: '2024-06-06T08:42:00.000Z',
      subjects: [{ name: 'POL', code: 'POL', scheme: 'iptc7901-category' }],
    });
    expect(s.body).toHaveLength(4);
    expect(s.body[3]).toBe("Iran's Press TV quoted a foreign ministry spokesman as condemning the strike.");
  });

  it('reads ANPA-1312 copy: caret lines, writethru version, byline, editor note, trailer time', () => {
    const s = one('iran-election.anpa1312.txt');
    expect(s).toMatchObject({
      format: 'anpa1312',
      source: 'ap',
      version: 2,
      signals: ['writethru'],
      urgency: 3,
      slug: 'BC-Iran-Election',
      headline: "Iran's presidential election heads to a runoff, state media say",
      byline: 'NASSER KARIMI and JON GAMBRELL',
      editorNote: 'UPDATES with Interior Ministry figures, Kayhan comment. With AP Photos.',
      versionCreated: '2024-06-29T09:12:00.000Z',
    });
    expect(s.body).toHaveLength(4);
  });

  it('reads RSS items with script and style dropped, entities decoded and the figure as a caption', () => {
    const [first, second] = normalize(read('mideast.rss.xml'));
    expect(first.body).toEqual([
      "Iraq's Kataib Hezbollah said on Tuesday it was suspending military operations against US forces, according to a statement carried by the group's Telegram channel.",
      "Iran's Tasnim news agency said the decision was taken “to avoid embarrassing the Iraqi government”, while Al-Alam television described it as a tactical pause.",
      'The announcement came days after a drone attack killed three US soldiers at a base in Jordan.',
    ]);
    expect(first.captions).toEqual([
      { text: 'Members of Kataib Hezbollah at a funeral in Baghdad.', credit: 'Reuters' },
    ]);
    expect(first).toMatchObject({
      source: 'mideast-desk-example',
      byline: 'Timour Azhari',
      keywords: ['Iraq', 'Security'],
    });
    expect(second.body[0]).toBe(
      "Israeli strikes hit several sites near the city of Homs early on Wednesday, Syria's state news agency SANA reported, citing a military source.",
    );
  });

  it('reads Atom entries with xhtml and escaped html content', () => {
    const [xhtml, html] = normalize(read('gulf.atom.xml'), { source: 'gulf-feed' });
    expect(xhtml.source).toBe('gulf-feed');
    expect(xhtml.body[1]).toContain('continue its attacks & escalate them');
    expect(xhtml.versionCreated).toBe('2024-03-04T10:40:00.000Z');
    expect(html.headline).toBe('Iran’s navy seizes tanker in Gulf of Oman, IRNA says');
    expect(html.body).toEqual([
      'Iran’s navy seized an oil tanker in the Gulf of Oman on Monday under a court order, the official news agency IRNA reported.',
      'State television showed footage of commandos boarding the vessel.',
    ]);
  });

  it('decodes Arabic copy sent as Windows-1256 bytes and detects Arabic, not Persian', () => {
    const s = one('araghchi-damascus.ar.windows-1256.txt');
    expect(s.headline).toBe('وزير الخارجية الإيراني يصل إلى دمشق في زيارة رسمية');
    expect(s).toMatchObject({ language: 'ar', languageDetected: true });
    expect(s.body).toHaveLength(4);
    // Tatweel in the copy (الرئيـــس) is gone from the canonical text.
    expect(s.body[0]).toContain('الرئيـــس');
    expect(s.canonicalText).toContain(canonicalText('الرئيس'));
  });

  it('detects Persian in UTF-8 copy and Arabic in a UTF-16LE ninjs item', () => {
    expect(one('iaea-talks.fa.txt')).toMatchObject({ language: 'fa', languageDetected: true });
    expect(one('hezbollah-drone.ar.utf16le.ninjs.json')).toMatchObject({
      language: 'ar',
      headline: 'حزب الله ينشر لقطات لطائرة مسيرة فوق حيفا',
    });
  });

  it('lets the wire-source header win over the provider', () => {
    expect(one('iran-drones.newsml.xml', 'Reuters World Desk').source).toBe('reuters-world-desk');
  });

  it.each([
    ['hostile/billion-laughs.newsml.xml', 'INSECURE_XML'],
    ['hostile/xxe.rss.xml', 'INSECURE_XML'],
    ['malformed/truncated.newsml.xml', 'MALFORMED'],
    ['malformed/truncated.ninjs.json', 'MALFORMED'],
    ['malformed/whitespace-only.txt', 'EMPTY_BODY'],
    ['malformed/random.bin', 'BAD_ENCODING'],
    ['malformed/unsupported-root.xml', 'UNSUPPORTED_FORMAT'],
  ])('rejects %s with %s', (file, code) => {
    expect(() => normalize(read(file))).toThrow(expect.objectContaining({ code }) as WireFormatError);
  });

  it('rejects input over the size limit before decoding it', () => {
    expect(() => normalize(read('iran-drones.plain.txt'), { maxBytes: 100 })).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE' }) as WireFormatError,
    );
  });
});
