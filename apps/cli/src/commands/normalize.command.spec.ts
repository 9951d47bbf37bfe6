import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './normalize.command';

const samples = join(__dirname, '..', '..', '..', '..', 'fixtures', 'samples');

async function normalize(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, json: out.length ? JSON.parse(out.join('')) : undefined, err: err.join('') };
}

describe('newswire normalize', () => {
  it('prints one story as a canonical object', async () => {
    const { code, json } = await normalize(join(samples, 'iran-drones.newsml.xml'));
    expect(code).toBe(0);
    expect(json).toMatchObject({
      format: 'newsml-g2',
      headline: 'Iran says air defences downed drones near Isfahan air base',
    });
  });

  it('prints several stories as an array, rendered as ninjs 3.1 or 2.2', async () => {
    const v31 = await normalize(join(samples, 'mideast.rss.xml'), '--as', 'ninjs');
    expect(v31.json).toHaveLength(2);
    expect(v31.json[0]).toMatchObject({
      standard: { name: 'ninjs', version: '3.1' },
      headlines: [{ role: 'main' }],
    });
    const v22 = await normalize(join(samples, 'iran-drones.plain.txt'), '--as', 'ninjs2');
    expect(v22.json).toMatchObject({ standard: { version: '2.2' }, pubstatus: 'usable' });
  });

  it('exits 1 with the error code and reason when the file is not a story', async () => {
    const { code, json, err } = await normalize(join(samples, 'hostile', 'xxe.rss.xml'));
    expect(code).toBe(1);
    expect(json).toBeUndefined();
    expect(err).toMatch(/^newswire normalize: INSECURE_XML: /);
    expect((await normalize(join(samples, 'missing.xml'))).code).toBe(1);
  });

  it('rejects an unknown --as or --format with usage', async () => {
    expect((await normalize(join(samples, 'iran-drones.plain.txt'), '--as', 'yaml')).code).toBe(2);
    expect((await normalize(join(samples, 'iran-drones.plain.txt'), '--format', 'pdf')).code).toBe(2);
  });

  it('refuses an unknown option (a typo) with exit code 2 instead of ignoring it, and has --help', async () => {
    const typo = await normalize(join(samples, 'iran-drones.plain.txt'), '--fromat', 'ninjs');
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/Unknown option '--fromat'/);
    expect(typo.json).toBeUndefined();
    const out: string[] = [];
    expect(await run(['--help'], { out: (t) => out.push(t), err: () => undefined })).toBe(0);
    expect(out.join('')).toMatch(/^usage: newswire normalize FILE[\s\S]*--content-type/);
  });

  it('prints a warning on stderr for what was read with a loss', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newswire-normalize-'));
    const file = join(dir, 'broken.txt');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('Zürich talks resume\n\nThe talks in Genève go on ', 'utf8'),
        Buffer.from([0xff, 0x0a]),
      ]),
    );
    const { code, json, err } = await normalize(file);
    expect(code).toBe(0);
    expect(json.body[0]).toContain('\uFFFD');
    expect(err).toMatch(/^newswire normalize: warning: 1 invalid UTF-8 sequence/);
  });
});
