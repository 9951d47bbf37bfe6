import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from './normalize';
import { toNinjs22, toNinjs31 } from './ninjs.renderer';

const SAMPLES = join(__dirname, '../../../fixtures/samples');

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

  // Validation against IPTC's JSON schemas is an evaluation (eval/standards): the schemas are IPTC's.
  it.each(stories)('renders %s as ninjs 3.1 with its headline and version', (_name, story) => {
    const doc = toNinjs31(story);
    expect(doc).toMatchObject({
      headlines: [{ role: 'main', value: story.headline }],
      version: String(story.version),
    });
  });

  it.each(stories)('renders %s as ninjs 2.2 with its status and language', (_name, story) => {
    const doc = toNinjs22(story);
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
});
