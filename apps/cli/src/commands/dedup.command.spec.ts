import { join } from 'node:path';
import { run } from './dedup.command';

const samples = join(__dirname, '..', '..', '..', '..', 'fixtures', 'samples');

async function dedup(...files: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(files, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, lines: out.map((l) => JSON.parse(l)), err };
}

describe('newswire dedup', () => {
  it('prints one decision per file, in order, recognising the same story across formats', async () => {
    const files = ['iran-drones.ninjs.json', 'iran-drones.plain.txt'].map((f) => join(samples, f));
    const { code, lines } = await dedup(...files);
    expect(code).toBe(0);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      file: files[0],
      decision: 'published',
      articleId: expect.stringMatching(/^art_/),
    });
    expect(lines[1]).toMatchObject({
      file: files[1],
      articleId: lines[0].articleId,
      match: { articleId: lines[0].articleId },
    });
    expect(lines[1]).toMatchObject({
      decision: 'duplicate',
      match: { by: 'exact', explanation: { measure: 'exact', value: 1 } },
    });
  });

  it('links an agency update and a kill to the story they revise', async () => {
    const files = [
      'araghchi-damascus.agency.txt',
      'araghchi-damascus.update1.agency.txt',
      'araghchi-damascus.kill.agency.txt',
    ];
    const { lines } = await dedup(...files.map((f) => join(samples, f)));
    expect(lines.map((l) => l.decision)).toEqual(['published', 'revised', 'withdrawn']);
    expect(new Set(lines.map((l) => l.articleId)).size).toBe(1);
  });

  it('reports an unreadable file on stderr and exits 1', async () => {
    const { code, err } = await dedup(join(samples, 'no-such-file.txt'));
    expect(code).toBe(1);
    expect(err[0]).toContain('no-such-file.txt');
  });
});
