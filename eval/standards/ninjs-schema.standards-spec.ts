/**
 * Every sample story rendered as ninjs 3.1 and 2.2, as normalize and as the router render it, validates against IPTC's JSON schemas, read from
 * ../shared/standards/ninjs (IPTC's material: `npm run eval -- standards`, never `npm test`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { projectionContent } from '@newswire/projection';
import { renderDelivery } from '@newswire/routing';
import { normalize, toNinjs22, toNinjs31 } from '@newswire/wire-formats';
import { projectionAt } from '../../libs/routing/src/projection.fixture';
import { sharedDir } from '../src/shared-dir';

const NINJS = join(sharedDir(), 'standards', 'ninjs');
const SAMPLES = join(__dirname, '..', '..', 'fixtures', 'samples');

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

describe("ninjs output against IPTC's schemas", () => {
  it.each(stories)('renders %s as ninjs 3.1 that validates', (_name, story) => {
    const doc = toNinjs31(story);
    expect(validate31(doc) ? [] : validate31.errors).toEqual([]);
  });

  it.each(stories)('renders %s as ninjs 2.2 that validates', (_name, story) => {
    const doc = toNinjs22(story);
    expect(validate22(doc) ? [] : validate22.errors).toEqual([]);
  });

  // What a subscriber gets from the router: the story's article projection, live and canceled.
  it.each(stories)('routes %s to a subscriber as ninjs 3.1 and 2.2 that validate', (_name, story) => {
    const p = projectionAt(1, projectionContent(story, [], 'eval'));
    for (const canceled of [false, true]) {
      const v31 = JSON.parse(renderDelivery(p, 'ninjs-3.1', canceled)) as object;
      expect(validate31(v31) ? [] : validate31.errors).toEqual([]);
      const v22 = JSON.parse(renderDelivery(p, 'ninjs-2.2', canceled)) as object;
      expect(validate22(v22) ? [] : validate22.errors).toEqual([]);
    }
  });

  it('the validators reject a document that breaks the schema (the check can fail)', () => {
    expect(validate31({ uri: 'urn:x', pubStatus: 'published' })).toBe(false);
    expect(validate22({ uri: 'urn:x', urgency: 'high' })).toBe(false);
  });
});
