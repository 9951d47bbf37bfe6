import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { loadConfig, readSecret, type AppConfig } from '@newswire/config';
import {
  HttpPollFeed,
  IngestState,
  authHeaders,
  fetchFeed,
  parseFeedsFile,
  splitDocument,
  type FeedSpec,
} from '@newswire/ingest';
import { withBus } from '../cli-context';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';

const SPEC = {
  name: 'feeds',
  usage: 'feeds list | status | test FEED | test --url URL [--content-type T] [--file F]',
  help: `The ingest app's feeds (those of INGEST_FEEDS_FILE, or of --file F).
  list                one JSON line per feed (never a secret)
  status              what ingest.state.v1 holds of each, with the running app's view
  test FEED           fetch the feed once and print the items it would publish, publishing nothing
  test --url URL      the same for an ad-hoc URL

  --file F            the feeds file instead of INGEST_FEEDS_FILE
  --url URL           test this URL
  --content-type T    the content type to read the URL's answer as`,
  options: { file: { type: 'string' }, url: { type: 'string' }, 'content-type': { type: 'string' } },
  positionals: { min: 1, max: 2 },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire feeds`: the ingest app's feeds. `list` prints each feed of the feeds file (never a
 * secret); `status` what ingest.state.v1 holds of each (items and files sent, validators) with the
 * running app's view (failing, last error) when it answers on INGEST_PORT; `test` fetches a feed
 * once, or an ad-hoc URL, and prints one JSON line per item it would publish, without publishing.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const { positionals, values: flags } = parsed;
  const [sub, name] = positionals;
  const config = loadConfig();
  const file = flags.file ?? config.ingest.feedsFile;
  const feeds = () => {
    if (!file) throw new Error('no feeds file: set INGEST_FEEDS_FILE or give --file F');
    return parseFeedsFile(readFileSync(file, 'utf8'), file).map((f) => ({
      ...f,
      maxBytes: f.maxBytes ?? config.maxInputBytes,
    }));
  };
  try {
    if (sub === 'list' && !name) {
      for (const f of feeds()) io.out(JSON.stringify(describe(f)));
      return 0;
    }
    if (sub === 'status' && !name) return await status(feeds(), config, io);
    if (sub === 'test' && flags.url !== undefined && !name) {
      const feed = HttpPollFeed.parse({ id: 'adhoc', kind: 'http-poll', url: flags.url });
      return await test({ ...feed, contentType: flags['content-type'], maxBytes: config.maxInputBytes }, io);
    }
    if (sub === 'test' && name) {
      const feed = feeds().find((f) => f.id === name);
      if (!feed) throw new Error(`no feed '${name}' in ${file}`);
      return await test(feed, io);
    }
  } catch (error) {
    io.err(`newswire feeds: ${(error as Error).message}`);
    return 1;
  }
  io.err(`usage: newswire ${SPEC.usage}`);
  return 2;
}

/** A feed as `list` shows it: where it reads from, never its secrets (only how it authenticates). */
function describe(f: FeedSpec): Record<string, unknown> {
  switch (f.kind) {
    case 'http-poll':
      return {
        id: f.id,
        kind: f.kind,
        url: f.url,
        intervalSeconds: f.intervalSeconds,
        auth: f.auth?.type ?? 'none',
      };
    case 'drop-folder':
      return { id: f.id, kind: f.kind, path: f.path, match: f.match, tempPattern: f.tempPattern };
    case 'http-push':
      return { id: f.id, kind: f.kind, path: `/ingest/${f.id}` };
  }
}

async function status(feeds: FeedSpec[], config: AppConfig, io: CliIo): Promise<number> {
  const state = new IngestState();
  await withBus(({ bus, topics }) =>
    bus.readToEnd(topics.ingestState, (messages) => {
      for (const m of messages) if (m.key) state.applyRaw(m.key.toString('utf8'), m.value);
    }),
  );
  const live = await fetch(`http://${config.http.host}:${config.ingest.port}/feeds`, {
    signal: AbortSignal.timeout(2000),
  })
    .then((r) => (r.ok ? (r.json() as Promise<{ feed: string }[]>) : undefined))
    .catch(() => undefined);
  if (!live)
    io.err(`the ingest app does not answer on ${config.http.host}:${config.ingest.port}: state only`);
  for (const f of feeds) {
    const s = state.feed(f.id);
    const sent = [...s.items.values(), ...s.files.values()].map((v) => v.at).sort();
    io.out(
      JSON.stringify({
        id: f.id,
        kind: f.kind,
        itemsKnown: s.items.size,
        filesKnown: s.files.size,
        lastSentAt: sent[sent.length - 1] ?? null,
        ...(s.http ? { validators: s.http } : {}),
        ...(live ? { running: live.find((l) => l.feed === f.id) ?? null } : {}),
      }),
    );
  }
  return 0;
}

/** Fetches (or reads the folder) once and prints what would be published; nothing is sent. */
async function test(feed: FeedSpec & { maxBytes: number }, io: CliIo): Promise<number> {
  const documents: { bytes: Buffer; contentType?: string; from: string }[] = [];
  if (feed.kind === 'http-push')
    throw new Error(`'${feed.id}' is an http-push feed: there is nothing to fetch`);
  if (feed.kind === 'http-poll') {
    const fetched = await fetchFeed({
      url: feed.url,
      headers: { ...feed.headers, ...authHeaders(feed.auth, (ref) => readSecret(ref)) },
      timeoutMs: feed.timeoutSeconds * 1000,
      maxBytes: feed.maxBytes,
      maxRedirects: feed.maxRedirects,
    });
    if (fetched.status !== 'ok') throw new Error('the server answered 304 to an unconditional request');
    documents.push({
      bytes: fetched.bytes,
      contentType: feed.contentType ?? fetched.contentType,
      from: fetched.url,
    });
  } else {
    const isTemp = picomatch(feed.tempPattern, { dot: true });
    const isWanted = picomatch(feed.match, { dot: true });
    for (const e of readdirSync(feed.path, { withFileTypes: true }))
      if (e.isFile() && !isTemp(e.name) && isWanted(e.name))
        documents.push({
          bytes: readFileSync(join(feed.path, e.name)),
          contentType: feed.contentType,
          from: e.name,
        });
  }
  for (const d of documents) {
    let items;
    try {
      ({ items } = splitDocument(d.bytes, { contentType: d.contentType, maxBytes: feed.maxBytes }));
    } catch (error) {
      throw new Error(`${d.from}: ${(error as Error).message}`);
    }
    for (const i of items)
      io.out(
        JSON.stringify({
          guid: i.id,
          headline: i.headline,
          bytes: i.bytes.length,
          contentType: i.contentType,
          from: d.from,
        }),
      );
  }
  return 0;
}
