import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { AppConfig } from '@newswire/config';
import type { CliIo } from './command';

export interface DemoFeed {
  feedsFile: string;
  url: string;
  dropDir: string;
  close(): Promise<void>;
}

/**
 * The demo's own feeds for the ingest app: a loopback HTTP server serving the sample RSS feed of
 * fixtures/demo-feed, and a drop folder in DATA_DIR holding its sample file, both named in
 * DATA_DIR/demo-feeds.json. The sample file is put back only while the folder has never taken it.
 */
export async function startDemoFeed(root: string, dataDir: string): Promise<DemoFeed> {
  const fixtures = join(root, 'fixtures', 'demo-feed');
  const rss = readFileSync(join(fixtures, 'harbour-gazette.rss.xml'));
  const server = createServer((req, res) => {
    if (req.url !== '/harbour-gazette.rss') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/harbour-gazette.rss`;
  const dropDir = resolve(dataDir, 'demo-drop');
  mkdirSync(join(dropDir, 'done'), { recursive: true });
  for (const name of readdirSync(join(fixtures, 'drop')))
    if (!existsSync(join(dropDir, 'done', name)))
      copyFileSync(join(fixtures, 'drop', name), join(dropDir, name));
  const feedsFile = resolve(dataDir, 'demo-feeds.json');
  const feeds = [
    { id: 'demo-rss', kind: 'http-poll', url, intervalSeconds: 30 },
    { id: 'demo-drop', kind: 'drop-folder', path: dropDir, settleSeconds: 1 },
  ];
  writeFileSync(feedsFile, JSON.stringify({ feeds }, null, 2));
  return {
    feedsFile,
    url,
    dropDir,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

interface RunningFeed {
  feed: string;
  kind: string;
  published: number;
  lastSuccess?: string;
  lastError?: { message: string };
}

/** The running ingest app's feeds (GET /feeds), or undefined when it does not answer. */
async function runningFeeds(config: AppConfig): Promise<RunningFeed[] | undefined> {
  const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
  return fetch(`http://${host}:${config.ingest.port}/feeds`, { signal: AbortSignal.timeout(2000) })
    .then((r) => (r.ok ? (r.json() as Promise<RunningFeed[]>) : undefined))
    .catch(() => undefined);
}

/** Waits (up to `ms`) until every feed of the running ingest app has worked once. */
export async function waitForFeeds(config: AppConfig, ms = 30000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const feeds = await runningFeeds(config);
    if (!feeds || feeds.every((f) => f.lastSuccess || f.kind === 'http-push')) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** One line per feed of the running ingest app, for the demo's summary. */
export async function printFeeds(config: AppConfig, io: CliIo): Promise<void> {
  const feeds = await runningFeeds(config);
  if (!feeds?.length) return;
  io.out('\nFeeds the ingest app runs (newswire feeds status):');
  for (const f of feeds)
    io.out(
      `  ${f.feed.padEnd(14)} ${f.kind.padEnd(12)} ${String(f.published).padStart(3)} items published` +
        (f.lastError ? `  last error: ${f.lastError.message}` : ''),
    );
}
