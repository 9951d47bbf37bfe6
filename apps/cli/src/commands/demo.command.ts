import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleProjection } from '@newswire/contracts';
import type { CliIo } from '../command';
import { withBus } from '../cli-context';
import { projectRoot } from '../project-root';
import { publishFiles } from '../wire-publisher';

interface Manifest {
  files: { file: string; format?: string; stories?: number; error?: string }[];
}

const SEED_HEADLINE = 'Heads of Iran-allied militant groups meet in Tehran';

/**
 * `newswire demo`: publishes the bundled sample set — the seed story, a story in every supported
 * format, an agency story with its update and kill, Arabic and Persian copy, and a copy of the seed
 * from a second feed — waits for the read model to settle, and prints a summary table from the API.
 * Publishing it again changes nothing: the curator recognises every story as a replay.
 */
export async function run(_args: string[], io: CliIo): Promise<number> {
  const root = projectRoot();
  const samples = join(root, 'fixtures', 'samples');
  const manifest = JSON.parse(readFileSync(join(samples, 'manifest.json'), 'utf8')) as Manifest;
  const seed = join(root, 'fixtures', 'seed', 'seed-story.txt');
  const files = [
    { file: seed, source: 'feed-a' },
    ...manifest.files
      .filter((f) => !f.error)
      .map((f) => ({ file: join(samples, f.file), source: 'demo-wire' })),
  ];
  return withBus(async ({ bus, topics, config }) => {
    const sent = await publishFiles(bus, topics, files);
    // The copy from another feed goes last, so that the seed from feed-a is the original.
    await new Promise((r) => setTimeout(r, 1500));
    sent.push(...(await publishFiles(bus, topics, [{ file: seed, source: 'feed-b' }])));
    io.err(`published ${sent.length} wire files to ${topics.raw}; waiting for the read model…`);
    const api = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`;
    const articles = await settled(api);
    io.out(table(articles));
    const seedArticle = articles.find((a) => a.headline === SEED_HEADLINE);
    if (seedArticle) {
      io.out(`\nWho reported what in the seed story (${seedArticle.articleId}):`);
      for (const group of seedArticle.attributions) {
        for (const claim of group.claims) {
          io.out(`  ${group.outlet.id.padEnd(22)} ${claim.cue.padEnd(10)} "${truncate(claim.claim, 90)}"`);
        }
      }
    }
    io.out(`\nAPI: ${api}/articles  ·  OpenAPI: ${api}/docs  ·  health: ${api}/health`);
    return 0;
  });
}

/** Polls the API until the article list stops changing for two seconds (or a minute has passed). */
async function settled(api: string): Promise<ArticleProjection[]> {
  let last = '';
  let stableSince = Date.now();
  const deadline = Date.now() + 60000;
  let items: ArticleProjection[] = [];
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${api}/articles?limit=100`);
      items = ((await res.json()) as { items: ArticleProjection[] }).items ?? [];
    } catch {
      items = [];
    }
    const fingerprint = items.map((a) => `${a.articleId}:${a.version}:${a.duplicates.length}`).join(',');
    if (fingerprint !== last) {
      last = fingerprint;
      stableSince = Date.now();
    } else if (items.length > 0 && Date.now() - stableSince > 2000) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return items;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function table(articles: ArticleProjection[]): string {
  const rows = articles.map((a) => [
    a.articleId,
    String(a.version),
    a.status,
    a.language,
    truncate(a.headline, 60),
    a.attributions.map((g) => g.outlet.id).join(', ') || '-',
    String(a.duplicates.length),
  ]);
  const header = ['article', 'version', 'status', 'lang', 'headline', 'outlets cited', 'copies'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
