import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stageGroupId } from '@newswire/config';
import type { ArticleProjection } from '@newswire/contracts';
import type { Admin, MessageBus } from '@newswire/kafka';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';
import { withBus } from '../cli-context';
import { projectRoot } from '../project-root';
import { printFeeds, waitForFeeds } from '../demo-feed';
import { printDemoSubscriptions } from '../demo-subscription';
import { publishFiles } from '../wire-publisher';

interface Manifest {
  files: { file: string; format?: string; stories?: number; error?: string }[];
}

const SEED_HEADLINE = 'Heads of Iran-allied militant groups meet in Tehran';
/** How long the demo waits for the pipeline to take in what it published. */
const CATCH_UP_MS = 120000;

const SPEC = {
  name: 'demo',
  usage: 'demo',
  help: `Publishes the bundled sample set, waits until every stage has taken it in, and prints a
summary table from the API. Publishing it again changes nothing: every story is a replay.`,
  options: {},
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire demo`: publishes the bundled sample set — the seed story, a story in every supported
 * format, an agency story with its update and kill, Arabic and Persian copy, and a copy of the seed
 * from a second feed — waits until every stage has taken it all in, and prints a summary table from
 * the API.
 * Publishing it again changes nothing: the curator recognises every story as a replay.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
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
    const admin = await bus.admin();
    // Each stage's consumer group and the topic it reads, in flow order.
    const stages: [string, string][] = [
      [stageGroupId(config.kafka, 'normalizer'), topics.raw],
      [stageGroupId(config.kafka, 'curator'), topics.enriched],
      [stageGroupId(config.kafka, 'projector'), topics.events],
    ];
    // The ingest app's feeds (under `npm start`, the demo feed and drop folder) go in with the rest.
    await waitForFeeds(config);
    const sent = await publishFiles(bus, topics, files);
    io.err(`published ${sent.length} wire files to ${topics.raw}; waiting for the pipeline…`);
    // The copy from another feed goes once the rest is through, so that the seed from feed-a is
    // the original and this one its copy, whatever the stages' pace.
    let complete = await waitUntilCaughtUp(bus, admin, stages, CATCH_UP_MS);
    await publishFiles(bus, topics, [{ file: seed, source: 'feed-b' }]);
    io.err('published the seed again from feed-b, a cross-feed copy; waiting for the pipeline…');
    // A pipeline that did not take in the first set in time is not waited for twice.
    complete = complete && (await waitUntilCaughtUp(bus, admin, stages, CATCH_UP_MS));
    if (!complete)
      io.err(
        `the pipeline had not taken in every story after ${CATCH_UP_MS / 1000} s: the table may lack some`,
      );
    const api = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`;
    const articles = await listArticles(api);
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
    // A slow machine can leave a feed's first round unfinished by the first wait: once more here.
    await waitForFeeds(config);
    await printFeeds(config, io);
    // Under `npm start` the router runs the demo's subscription: what it delivered.
    await printDemoSubscriptions(root, bus, config, topics, io);
    io.out(`\nAPI: ${api}/articles  ·  OpenAPI: ${api}/docs  ·  health: ${api}/health`);
    return 0;
  });
}

/**
 * Waits until every stage has taken in all that is committed on its input topic: nothing lies past
 * its group's committed offset (read_committed). Offsets alone cannot tell an unread story from the
 * commit marker that ends a transactional topic, which no consumer commits past. The projector
 * commits its Kafka offsets after its database transaction, so the read model then holds it all.
 */
async function waitUntilCaughtUp(
  bus: MessageBus,
  admin: Admin,
  stages: [string, string][],
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const pending = async (group: string, topic: string) => {
    const from: { [partition: number]: string } = {};
    for (const c of await admin.groupOffsets(group, topic))
      if (c.offset !== '-1') from[c.partition] = c.offset;
    return bus.readToEnd(topic, () => undefined, { from });
  };
  while (Date.now() < deadline) {
    let caughtUp = true;
    for (const [group, topic] of stages) {
      if ((await pending(group, topic)) > 0) {
        caughtUp = false;
        break;
      }
    }
    if (caughtUp) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function listArticles(api: string): Promise<ArticleProjection[]> {
  const res = await fetch(`${api}/articles?limit=100`);
  if (!res.ok) throw new Error(`GET ${api}/articles answered ${res.status}`);
  return ((await res.json()) as { items: ArticleProjection[] }).items;
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
