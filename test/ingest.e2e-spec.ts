import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topicNames } from '@newswire/contracts';
import { startApp, appEnv, appLogs, pinoLines, type AppProcess } from './support/app-process';
import { FeedServer, type ServedItem } from './support/feed-server';
import { freePort } from './support/free-port';
import { doubled, rawItems } from './support/ingest-checks';
import { eventually, testBus, uniquePrefix } from './support/kafka-test-env';
import { parseMetrics, sampleValue } from './support/prometheus-text';
import { runCli } from './support/cli-process';

const PUSH_TOKEN = 'push-token-of-the-test';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const story = (n: number, edit = ''): ServedItem => ({
  id: `ledger-${n}`,
  title: `Ledger story ${n}${edit}`,
  body: `The council met for the ${n}th time and voted on the harbour budget${edit}.`,
});

/**
 * The ingest app against real servers on loopback: an HTTP feed that changes between polls and
 * feeds failing every way (500, 429, hang, redirects, malformed, 20 MB), a drop folder written in
 * parts and by rename, and pushes with good, bad and missing tokens; every item is in wire.raw.v1
 * exactly once.
 */
describe('ingest app', () => {
  const prefix = uniquePrefix('ingest');
  const topics = topicNames(prefix);
  const bus = testBus('ingest-e2e');
  const server = new FeedServer();
  const dir = mkdtempSync(join(tmpdir(), 'newswire-ingest-'));
  const drop = join(dir, 'drop');
  let port: number;
  let app: AppProcess;
  const base = () => `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    await server.start();
    server.setItems([story(1), story(2), story(3)]);
    port = await freePort();
    writeFileSync(join(dir, 'basic-password'), 's3cret\n');
    const poll = (id: string, path: string, extra: Record<string, unknown> = {}) => ({
      id,
      kind: 'http-poll',
      url: server.url + path,
      intervalSeconds: 1,
      jitter: 0,
      timeoutSeconds: 2,
      maxBackoffSeconds: 2,
      failingAfterSeconds: 0,
      ...extra,
    });
    const feeds = [
      poll('ledger', '/rss'),
      poll('redirected', '/redirect/1'),
      poll('members', '/auth', {
        auth: { type: 'basic', username: 'ledger', password: { file: join(dir, 'basic-password') } },
      }),
      poll('down', '/500'),
      poll('limited', '/429', { maxBackoffSeconds: 1 }),
      poll('hanging', '/hang'),
      poll('looping', '/loop', { maxRedirects: 3 }),
      poll('broken', '/malformed'),
      poll('huge', '/huge'),
      {
        id: 'agency-drop',
        kind: 'drop-folder',
        path: drop,
        settleSeconds: 1.5,
        scanSeconds: 0.2,
        tempPattern: '*.part',
      },
      { id: 'partner', kind: 'http-push', tokenSha256: sha256(PUSH_TOKEN), maxBytes: 4096 },
    ];
    writeFileSync(join(dir, 'feeds.json'), JSON.stringify({ feeds }));
    app = startApp(
      'ingest',
      appEnv(prefix, { INGEST_FEEDS_FILE: join(dir, 'feeds.json'), INGEST_PORT: String(port) }),
    );
    await eventually(
      () => fetch(`${base()}/health`).then((r) => r.ok || undefined),
      60000,
      250,
      () => appLogs([app]),
    );
  }, 90000);

  afterAll(async () => {
    await app?.stop();
    await server.close();
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30000);

  const ledgerItems = async () => (await rawItems(bus, topics.raw)).filter((i) => i.feed === 'ledger');

  it('sends each item of a polled feed once, and again only when its content changed', async () => {
    await eventually(
      async () => ((await ledgerItems()).length === 3 ? true : undefined),
      30000,
      250,
      () => appLogs([app]),
    );
    const first = await ledgerItems();
    expect(first.map((i) => i.id).sort()).toEqual(['ledger-1', 'ledger-2', 'ledger-3']);
    expect(first[0].contentType).toMatch(/^application\/rss\+xml/);
    // Unchanged: the app asks conditionally and the server answers 304.
    await eventually(() =>
      server.hits('/rss').filter((h) => h.headers['if-none-match']).length >= 2 ? true : undefined,
    );
    server.setItems([story(1), story(2, ' (updated)'), story(3), story(4)]);
    await eventually(async () => ((await ledgerItems()).length === 5 ? true : undefined), 30000);
    await new Promise((r) => setTimeout(r, 3000));
    const all = await ledgerItems();
    expect(all).toHaveLength(5);
    expect(doubled(all)).toEqual([]);
    expect(all.filter((i) => i.id === 'ledger-2')).toHaveLength(2);
  }, 60000);

  it('follows a redirect chain and sends credentials from a file', async () => {
    await eventually(async () => {
      const items = await rawItems(bus, topics.raw);
      return items.some((i) => i.feed === 'redirected') && items.some((i) => i.feed === 'members')
        ? true
        : undefined;
    }, 30000);
    const members = (await rawItems(bus, topics.raw)).filter((i) => i.feed === 'members');
    expect(members.map((i) => i.id)).toEqual(['ledger-1']);
    expect(app.logs()).not.toContain('s3cret');
  }, 40000);

  it('names each failing feed with the kind of its failure, and warns once per feed', async () => {
    const expected: Record<string, string> = {
      down: 'http_5xx',
      limited: 'rate_limited',
      hanging: 'timeout',
      looping: 'redirects',
      broken: 'parse',
      huge: 'too_large',
    };
    const failing = await eventually(
      async () => {
        const health = (await (await fetch(`${base()}/health`)).json()) as {
          status: string;
          details: { feeds: { failing: { feed: string; error: { kind: string } }[] } };
        };
        const named = Object.fromEntries(health.details.feeds.failing.map((f) => [f.feed, f.error.kind]));
        return Object.keys(expected).every((f) => named[f]) ? { named, status: health.status } : undefined;
      },
      30000,
      500,
      () => appLogs([app]),
    );
    expect(failing.named).toEqual(expected);
    expect(failing.status).toBe('ok');
    const metrics = parseMetrics(await (await fetch(`${base()}/metrics`)).text());
    for (const [feed, kind] of Object.entries(expected))
      expect(sampleValue(metrics, 'newswire_ingest_errors_total', { feed, kind })).toBeGreaterThan(0);
    expect(
      sampleValue(metrics, 'newswire_ingest_items_published_total', { feed: 'ledger' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sampleValue(metrics, 'newswire_ingest_last_success_timestamp_seconds', { feed: 'ledger' }),
    ).toBeGreaterThan(0);
    // Several failed polls of the 500 feed, one warning.
    await eventually(() => (server.hits('/500').length >= 3 ? true : undefined), 20000);
    const warnings = pinoLines<{ level: string; feed?: string; msg: string }>(app.logs()).filter(
      (l) => l.level === 'warn' && l.feed === 'down',
    );
    expect(warnings).toHaveLength(1);
  }, 60000);

  it("waits what a 429's Retry-After says before asking again", async () => {
    await eventually(() => (server.hits('/429').length >= 2 ? true : undefined), 20000);
    const [a, b] = server.hits('/429');
    expect(b.at - a.at).toBeGreaterThanOrEqual(server.retryAfterSeconds * 1000 - 50);
  }, 30000);

  it('takes a dropped file once it is complete, and a renamed upload at once; a bad one goes to failed/ with its reason', async () => {
    const file = (n: number) =>
      `<rss version="2.0"><channel><title>Agency</title><item><guid>drop-${n}</guid><title>Dropped ${n}</title><description>Dropped story number ${n} about the harbour.</description></item></channel></rss>`;
    // Written in two parts with a pause shorter than the settle time: taken once, whole.
    const slow = join(drop, 'slow.xml');
    writeFileSync(slow, file(1).slice(0, 40));
    await new Promise((r) => setTimeout(r, 700));
    appendFileSync(slow, file(1).slice(40));
    writeFileSync(join(drop, 'fast.xml.part'), file(2));
    await new Promise((r) => setTimeout(r, 500));
    renameSync(join(drop, 'fast.xml.part'), join(drop, 'fast.xml'));
    writeFileSync(join(drop, 'bad.xml'), '<rss><channel><item></rss>');
    await eventually(
      () =>
        readdirSync(join(drop, 'done')).length === 2 && readdirSync(join(drop, 'failed')).length === 2
          ? true
          : undefined,
      30000,
      250,
      () => appLogs([app]),
    );
    expect(readdirSync(join(drop, 'done')).sort()).toEqual(['fast.xml', 'slow.xml']);
    expect(readFileSync(join(drop, 'failed', 'bad.xml.reason'), 'utf8')).toMatch(/^MALFORMED: /);
    const dropped = (await rawItems(bus, topics.raw)).filter((i) => i.feed === 'agency-drop');
    expect(dropped.map((i) => i.id).sort()).toEqual(['drop-1', 'drop-2']);
  }, 60000);

  it('answers pushes: 202 with the trace id once in Kafka, 401 without a token, 403 with a wrong one, 413 past the limit', async () => {
    const push = (headers: Record<string, string>, body: string, feed = 'partner') =>
      fetch(`${base()}/ingest/${feed}`, { method: 'POST', headers, body });
    const good = await push(
      { authorization: `Bearer ${PUSH_TOKEN}`, 'content-type': 'text/plain; charset=utf-8' },
      'OSLO, Dec 7 (NTB) - The fjord ferry resumed service on Monday.',
    );
    expect(good.status).toBe(202);
    const { traceId } = (await good.json()) as { traceId: string };
    // Once 202 came, the message is committed: read_committed sees it now.
    const pushed = (await rawItems(bus, topics.raw)).filter((i) => i.traceId === traceId);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ feed: 'partner', contentType: 'text/plain; charset=utf-8' });
    expect((await push({}, 'x')).status).toBe(401);
    expect((await push({ authorization: 'Bearer wrong' }, 'x')).status).toBe(403);
    expect((await push({ authorization: `Bearer ${PUSH_TOKEN}` }, 'y'.repeat(5000))).status).toBe(413);
    expect((await push({ authorization: `Bearer ${PUSH_TOKEN}` }, 'x', 'ledger')).status).toBe(404);
    const raw = await rawItems(bus, topics.raw);
    expect(raw.filter((i) => i.feed === 'partner')).toHaveLength(1);
    expect(doubled(raw)).toEqual([]);
  }, 30000);

  it('newswire feeds: list without secrets, status from the state topic and the running app, test FEED and test --url', async () => {
    const env = appEnv(prefix, { INGEST_FEEDS_FILE: join(dir, 'feeds.json'), INGEST_PORT: String(port) });
    const lines = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const list = await runCli(['feeds', 'list'], env);
    expect(list.code).toBe(0);
    expect(lines(list.stdout).map((f) => f.id)).toContain('members');
    expect(list.stdout).not.toContain('basic-password');

    const status = await runCli(['feeds', 'status'], env);
    expect(status.code).toBe(0);
    const ledger = lines(status.stdout).find((f) => f.id === 'ledger')!;
    expect(ledger).toMatchObject({ itemsKnown: 4, running: { feed: 'ledger', failing: false } });
    expect(lines(status.stdout).find((f) => f.id === 'down')).toMatchObject({ running: { failing: true } });

    const test = await runCli(['feeds', 'test', 'ledger'], env);
    expect(test.code).toBe(0);
    expect(lines(test.stdout).map((i) => [i.guid, i.headline])).toEqual([
      ['ledger-1', 'Ledger story 1'],
      ['ledger-2', 'Ledger story 2 (updated)'],
      ['ledger-3', 'Ledger story 3'],
      ['ledger-4', 'Ledger story 4'],
    ]);
    expect(lines(test.stdout)[0].bytes).toBeGreaterThan(100);

    const adhoc = await runCli(['feeds', 'test', '--url', `${server.url}/redirect/1`], env);
    expect(adhoc.code).toBe(0);
    expect(lines(adhoc.stdout)).toHaveLength(4);
    for (const [path, reason] of [
      ['/malformed', /not well-formed/],
      ['/500', /HTTP 500/],
      ['/huge', /over the feed's limit/],
    ] as const) {
      const failed = await runCli(['feeds', 'test', '--url', server.url + path], env);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe('');
      expect(failed.stderr).toMatch(reason);
    }
    // Nothing published by any test: the raw log has what it had.
    expect((await ledgerItems()).length).toBe(5);
  }, 90000);
});
