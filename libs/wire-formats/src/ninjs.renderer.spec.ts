import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { normalize } from './normalize';
import { toNinjs22, toNinjs31 } from './ninjs.renderer';

const NINJS = join(__dirname, '../../../../shared/standards/ninjs');
const SAMPLES = join(__dirname, '../../../../main/fixtures/samples');

function validator(schemaFile: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The schemas $ref GeoJSON for places; there is no network here and newswire never writes
  // geoJSON, so a permissive stand-in is registered under that id.
  ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
  return ajv.compile(JSON.parse(readFileSync(join(NINJS, schemaFile), 'utf8')));
}
const validate31 = validator('ninjs-schema_3.1.json');
const validate22 = validator('ninjs-schema_2.2.json');
const manifest = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8')) as {
  files: Array<{ file: string; stories?: number }>;
};
const stories = manifest.files
  .filter((f) => f.stories)
  .flatMap(({ file }) =>
    normalize(readFileSync(join(SAMPLES, file))).map((s) => [`${file} ${s.guid}`, s] as const),
  );

describe('ninjs rendering', () => {
  it('has sample stories to render', () => expect(stories.length).toBeGreaterThan(12));

  it.each(stories)('renders %s as ninjs 3.1 that validates against IPTC schema', (_name, story) => {
    const doc = toNinjs31(story);
    expect(validate31(doc) ? [] : validate31.errors).toEqual([]);
    expect(doc).toMatchObject({
      headlines: [{ role: 'main', value: story.headline }],
      version: String(story.version),
    });
  });

  it.each(stories)('renders %s as ninjs 2.2 that validates against IPTC schema', (_name, story) => {
    const doc = toNinjs22(story);
    expect(validate22(doc) ? [] : validate22.errors).toEqual([]);
    expect(doc).toMatchObject({ pubstatus: story.pubStatus, language: story.language });
  });

  it('round-trips a story through ninjs 3.1 and ninjs 2.2 with headline, body and dates intact', () => {
    const story = normalize(readFileSync(join(SAMPLES, 'hezbollah-statement.embargoed.newsml.xml')))[0];
    for (const doc of [toNinjs31(story), toNinjs22(story)]) {
      const back = normalize(Buffer.from(JSON.stringify(doc)))[0];
      expect(back).toMatchObject({
        headline: story.headline,
        body: story.body,
        embargoed: story.embargoed,
        versionCreated: story.versionCreated,
        version: story.version,
      });
    }
  });

  it('the validator rejects a document that breaks the schema (the check can fail)', () => {
    expect(validate31({ uri: 'urn:x', pubStatus: 'published' })).toBe(false);
    expect(validate22({ uri: 'urn:x', urgency: 'high' })).toBe(false);
  });
});
