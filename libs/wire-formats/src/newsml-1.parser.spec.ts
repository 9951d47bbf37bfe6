import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from './normalize';
import { WireFormatError } from './wire-format.error';

const SAMPLES = join(__dirname, '../../../fixtures/samples');

describe('NewsML 1.x', () => {
  const stories = normalize(readFileSync(join(SAMPLES, 'gulf-briefs.newsml1.xml')));

  it('makes each text NewsItem its own story and leaves the photo item out', () => {
    expect(stories.map((s) => s.headline)).toEqual([
      'Oman hosts new round of Gulf shipping talks',
      'Qatar to publish LNG export figures',
    ]);
    expect(new Set(stories.map((s) => s.format))).toEqual(new Set(['newsml-1']));
  });

  it('reads the identifier, management and NewsLines of an item with NITF content', () => {
    expect(stories[0]).toMatchObject({
      guid: 'urn:newsml:nwx.example.org:20240523:GULF-001',
      version: 2,
      urgency: 3,
      signals: ['correction'],
      pubStatus: 'usable',
      firstCreated: '2024-05-23T10:00:00.000Z',
      versionCreated: '2024-05-23T11:30:00.000Z',
      byline: 'Layla Haddad',
      dateline: { place: 'MUSCAT', agency: 'NWX' },
      slug: 'GULF-SHIPPING/TALKS',
      keywords: ['shipping'],
    });
    // The editors' initials that close the text are no paragraph; the caption component no body.
    expect(stories[0].body).toEqual([
      'MUSCAT, May 23 (NWX) - Oman hosted a new round of talks on shipping in the Gulf on Thursday, its foreign ministry said.',
      'Delegations from six countries attended.',
    ]);
  });

  it('reads an embargoed XHTML item with the time its status changes', () => {
    expect(stories[1]).toMatchObject({
      guid: 'urn:newsml:nwx.example.org:20240523:GULF-002',
      embargoed: '2024-05-24T06:00:00.000Z',
      body: ['DOHA (NWX) - Qatar will publish its monthly export figures on Friday.'],
    });
  });

  it('signals a kill when an instruction cancels an earlier revision', () => {
    const [kill] = normalize(
      Buffer.from(
        `<NewsML><NewsItem><Identification><NewsIdentifier><ProviderId>nwx.example.org</ProviderId>` +
          `<DateId>20240523</DateId><NewsItemId>GULF-001</NewsItemId><RevisionId>3</RevisionId>` +
          `</NewsIdentifier></Identification><NewsManagement><Status FormalName="Usable"/>` +
          `<Instruction FormalName="Rectify"><RevisionStatus Revision="2"><Status FormalName="Canceled"/>` +
          `</RevisionStatus></Instruction></NewsManagement><NewsComponent><NewsLines>` +
          `<HeadLine>KILL: Oman talks story</HeadLine></NewsLines><ContentItem><MediaType FormalName="Text"/>` +
          `<DataContent>The story is withdrawn.</DataContent></ContentItem></NewsComponent></NewsItem></NewsML>`,
      ),
    );
    expect(kill).toMatchObject({ version: 3, pubStatus: 'canceled', signals: ['correction', 'kill'] });
  });

  it('refuses a document with no text item', () => {
    expect(() =>
      normalize(
        Buffer.from(
          `<NewsML><NewsItem><NewsComponent><ContentItem Href="a.jpg"><MediaType FormalName="Photo"/>` +
            `</ContentItem></NewsComponent></NewsItem></NewsML>`,
        ),
      ),
    ).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }) as WireFormatError);
  });
});
