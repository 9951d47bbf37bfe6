/**
 * IPTC's own NewsML-G2 and ninjs examples, read from ../shared/standards (IPTC's material, not the
 * project's: run by `npm run eval -- standards`, never by `npm test`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CanonicalStory } from '@newswire/contracts';
import { normalize, WireFormatError } from '@newswire/wire-formats';
import { sharedDir } from '../src/shared-dir';

const STANDARDS = join(sharedDir(), 'standards');
const read = (path: string) => readFileSync(join(STANDARDS, path));
const one = (path: string) => {
  const stories = normalize(read(path));
  expect(stories).toHaveLength(1);
  return CanonicalStory.parse(stories[0]);
};

describe('IPTC NewsML-G2 examples', () => {
  it('reads LISTING_1: version, embargo, update signal, edNote, rights, dates in UTC', () => {
    const s = one('newsml-g2/examples/LISTING_1_A_NewsML-G2_News_Item.xml');
    expect(s).toMatchObject({
      guid: 'urn:newsml:acmenews.com:20161018:US-FINANCE-FED',
      version: 11,
      source: 'reuters',
      format: 'newsml-g2',
      pubStatus: 'usable',
      signals: ['update'],
      headline: 'Fed to halt QE to avert "bubble"',
      versionCreated: '2018-10-21T21:25:32.000Z',
      firstCreated: '2016-10-18T18:12:21.000Z',
      embargoed: '2018-10-23T12:00:00.000Z',
      language: 'en-GB',
      languageDetected: false,
      slug: 'US-Finance-Fed',
      byline: 'Meredith Jameson',
      dateline: { place: 'Berlin' },
      rights: {
        copyrightHolder: 'Example Enews LLP',
        copyrightNotice: 'Copyright 2017-18 Example Enews LLP, all rights reserved',
        usageTerms: 'Not for use outside the United States',
      },
      body: [],
    });
    expect(s.editorNote).toMatch(
      /^Note to editors: STRICTLY EMBARGOED\. Not for public release until 12noon on Friday/,
    );
    expect(s.subjects.map((x) => x.code)).toEqual(['medtop:04000000', 'medtop:20000523']);
  });

  it('reads LISTING_2: NITF body paragraphs, language element, provider from its URI', () => {
    const s = one('newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml');
    expect(s).toMatchObject({ version: 11, source: 'acmenews', language: 'en-US', pubStatus: 'usable' });
    expect(s.headline).toBe('Fed to halt QE to avert "bubble"');
    expect(s.body).toHaveLength(2);
    expect(s.body[0]).toMatch(/^\(New York, NY - October 21\) Et, sent luptat luptat, commy Nim zzriureet/);
    expect(s.body[1]).toMatch(/esto cons dolutpat, si\.$/);
    expect(s.versionCreated).toBe('2018-11-21T21:25:32.000Z');
  });

  it('reads LISTING_22: six NITF paragraphs without the hedline, summary as standfirst', () => {
    const s = one('newsml-g2/examples/LISTING_22_Sports_story_in_NewsML-G2NITF.xml');
    expect(s.headline).toBe(
      'Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m.',
    );
    expect(s.body).toHaveLength(6);
    expect(s.body[0]).toMatch(/^\(Sports Network\) - A pair of teams/);
    expect(s.body.join(' ')).not.toContain('7:05p.m.');
    expect(s.subheadline).toMatch(/^A pair of teams coming off big weekend sweeps will square off tonight/);
    expect(s).toMatchObject({
      version: 11,
      language: 'en-US',
      slug: 'AAV!PREVIEW-ARI-PHI',
      firstCreated: '2016-10-19T16:15:00.000Z',
    });
  });

  it('reads the TT newsMessage: only the text item, HTML5 body, urgency, figure as caption', () => {
    const stories = normalize(read('newsml-g2/examples/TT_newsmlg2_sample.xml'));
    expect(stories).toHaveLength(1);
    const s = stories[0];
    expect(s).toMatchObject({
      guid: 'http://tt.se/media/text/210919-janguillou-879f202b',
      source: 'tt',
      language: 'sv',
      urgency: 3,
      headline: 'Jan Guillou skriver på ny "Hamilton"-bok',
      versionCreated: '2021-09-19T18:57:43.000Z',
    });
    expect(s.body).toContain(
      'Boken blir den elfte i serien om superagenten, men enligt Guillou ska den snarare räknas som en fristående del.',
    );
    expect(s.captions).toEqual([
      {
        text: 'Journalisten och författaren Jan Guillou jobbar på en ny bok om agenten Hamilton. Arkivbild.',
        credit: 'Naina Helén Jåma/TT',
      },
    ]);
  });

  it('reads CR00183: correction signal from qcode or uri, no version attribute -> 1', () => {
    const s = one('newsml-g2/examples/CR00183_qcodetype_attributes_cardinality.xml');
    expect(s).toMatchObject({
      signals: ['correction'],
      version: 1,
      source: 'reuters',
      versionCreated: '2019-09-09T08:00:00.000Z',
    });
  });

  it.each([
    ['newsml-g2/examples/001_simplest_file.xml', 'EMPTY_BODY'],
    ['newsml-g2/examples/CR00219_datamining_in_rightsinfo_qcode_multilang.xml', 'EMPTY_BODY'],
    ['newsml-g2/examples/LISTING_29_Hop_History.xml', 'EMPTY_BODY'],
    [
      'newsml-g2/examples/LISTING_24_News_Message_conveying_a_complete_News_Package.xml',
      'UNSUPPORTED_FORMAT',
    ],
    ['newsml-g2/examples/LISTING_28_Illustrating_Located_Subject_and_Dateline.xml', 'UNSUPPORTED_FORMAT'],
    ['newsml-g2/examples/ap_metadata_example.xml', 'UNSUPPORTED_FORMAT'],
  ])('rejects %s, which holds no text story, with %s', (path, code) => {
    expect(() => normalize(read(path))).toThrow(expect.objectContaining({ code }) as WireFormatError);
  });
});

describe('IPTC ninjs examples', () => {
  it.each([
    'ninjs/examples/3.1/005_complex_text_article.json',
    'ninjs/examples/2.2/005_complex_text_article.json',
  ])('reads %s (3.x camelCase and 2.x lower-case names alike)', (path) => {
    const s = one(path);
    expect(s).toMatchObject({
      guid: 'http://ninjs.example.com/newsitems/20130709med123',
      headline: 'Captain of wrecked cruise ship on trial in Italy',
      versionCreated: '2013-07-09T10:37:00.000Z',
      language: 'en',
      languageDetected: false,
      byline: "Paulo Santalucia and Frances d'Emilio",
      dateline: { place: 'Grossetto, Italy' },
      rights: { copyrightNotice: 'Copyright 2013 The News Agency, www.tna.org - all rights reserved.' },
    });
    expect(s.body).toHaveLength(4);
    expect(s.body[0]).toMatch(/^GROSSETO, Italy \(AP\) -- The trial of the captain/);
    expect(s.body[3]).toMatch(/Schettino has denied wrongdoing\.$/);
  });

  it('reads 3.1/004 and detects English when the item has no language', () => {
    const s = one('ninjs/examples/3.1/004_simple_text_article.json');
    expect(s).toMatchObject({ language: 'en', languageDetected: true, version: 1 });
    expect(s.body).toHaveLength(4);
  });

  it('reads the NTB item: version, status, urgency, edNote, first and version created', () => {
    expect(one('ninjs/examples/3.0/ntb_text.json')).toMatchObject({
      version: 6,
      pubStatus: 'usable',
      urgency: 5,
      firstCreated: '2019-08-09T09:30:04.000Z',
      versionCreated: '2019-08-09T09:46:53.000Z',
      editorNote: 'Noe utvidet.',
      language: 'nb-NO',
      slug: 'skien-google',
      headline: 'Google har kjøpt giganttomt i Skien',
    });
  });

  it('reads the dpa item: HTML body paragraphs, offset time to UTC', () => {
    const s = one('ninjs/examples/3.0/dpa_text.json');
    expect(s).toMatchObject({
      version: 2,
      source: 'dpa',
      language: 'de',
      versionCreated: '2019-05-10T14:02:28.000Z',
    });
    expect(s.body[0]).toMatch(/^Für Lucien Favre war es «der größte Skandal im Fußball seit Jahren»\./);
    expect(s.body.length).toBeGreaterThan(5);
  });

  it('reads the NITF body of the anti-doping item without its head block', () => {
    const s = one(
      'ninjs/examples/3.0/20231008-anti-doping-measures-at-the-tour-down-under-will-be-the-toughest-ever-addb-ninjs-nitf.json',
    );
    expect(s.body[0]).toMatch(/^The Australian Sports Anti-Doping Authority \(ASADA\) today announced/);
    expect(s.body.join(' ')).not.toContain('tobject');
    expect(s).toMatchObject({ version: 2, urgency: 4, versionCreated: '2023-10-08T00:34:03.000Z' });
  });

  it('reads the TT item, the Business Wire item (zh) and the associations example', () => {
    expect(one('ninjs/examples/3.0/tt_text_image_3.json')).toMatchObject({
      language: 'sv',
      urgency: 3,
      slug: 'militärövning',
    });
    expect(one('ninjs/examples/3.0/businesswire-newsml-20130605006126.json')).toMatchObject({
      language: 'zh',
    });
    expect(one('ninjs/examples/3.1/003_associations_example.json').headline).toMatch(
      /^Dell Redefines Workstation/,
    );
  });

  it('rejects the AP picture item: no text story', () => {
    expect(() => normalize(read('ninjs/examples/3.0/ap_image.json'))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }) as WireFormatError,
    );
  });
});
