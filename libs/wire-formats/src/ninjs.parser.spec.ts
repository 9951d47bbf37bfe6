import { normalize } from './normalize';
import { WireFormatError } from './wire-format.error';

const ninjs = (value: unknown) => normalize(Buffer.from(JSON.stringify(value), 'utf8'));
const item = (uri: string, headline: string) => ({
  uri,
  type: 'text',
  headlines: [{ role: 'main', value: headline }],
  bodies: [{ contentType: 'text/html', value: `<p>${headline}, officials said on Thursday.</p>` }],
});

describe('ninjs', () => {
  it("unwraps an API's list response into one story per item", () => {
    const stories = ninjs({
      total: 2,
      item: [item('urn:nwx:1', 'Talks resume in Muscat'), item('urn:nwx:2', 'Ceasefire holds in Gaza')],
    });
    expect(stories.map((s) => [s.guid, s.headline])).toEqual([
      ['urn:nwx:1', 'Talks resume in Muscat'],
      ['urn:nwx:2', 'Ceasefire holds in Gaza'],
    ]);
  });

  it('reads a plain JSON array of items too', () => {
    expect(ninjs([item('urn:nwx:3', 'Oil prices rise')]).map((s) => s.guid)).toEqual(['urn:nwx:3']);
  });

  it('refuses a headline that is not a string, naming what it is, instead of an empty headline', () => {
    const bad = { uri: 'urn:nwx:4', type: 'text', headline: ['Two', 'parts'], body_text: 'Text.' };
    expect(() => ninjs(bad)).toThrow(
      expect.objectContaining({
        code: 'SCHEMA_VIOLATION',
        message: 'ninjs headline must be a string, got an array',
      }) as WireFormatError,
    );
  });

  it('reads markup in body_text as markup and a slug under `slug`', () => {
    const [story] = ninjs({
      uri: 'urn:nwx:5',
      headline: 'League table',
      slug: 'FOOTBALL Table',
      body_text: '<table><tr><td>LEAGUE</td></tr><tr><td>Esteghlal</td><td>30</td></tr></table>',
    });
    expect(story.slug).toBe('FOOTBALL Table');
    expect(story.body).toEqual(['LEAGUE', 'Esteghlal', '30']);
  });

  it('reads marked-up text from where the plain rendition starts, leaving a preamble out', () => {
    const [story] = ninjs({
      uri: 'urn:nwx:6',
      headlines: [{ value: 'Press conference at 4 pm' }],
      bodies: [
        { contentType: 'text/plain', value: 'The minister comments on the budget.' },
        {
          contentType: 'text/html5',
          value:
            '<h1>Press conference at 4 pm</h1><div><span>Thursday, 4 pm</span></div><p>The minister comments on the budget.</p>',
        },
      ],
    });
    expect(story.body).toEqual(['The minister comments on the budget.']);
  });
});
