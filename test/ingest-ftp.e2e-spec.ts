import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'basic-ftp';
import { topicNames } from '@newswire/contracts';
import { appEnv, appLogs, startApp, type AppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { ftpDropServer } from './support/ftp-drop-server';
import { doubled, rawItems } from './support/ingest-checks';
import { eventually, testBus, uniquePrefix } from './support/kafka-test-env';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const story = (n: number) =>
  `<rss version="2.0"><channel><title>Agency over FTP</title><item><guid>ftp-${n}</guid>` +
  `<title>Uploaded story ${n}</title><description>${'The river rose again overnight. '.repeat(200)}</description></item></channel></rss>`;

/** Bytes sent in two parts with a pause between them: an upload in progress for that long. */
function pausedStream(text: string, pauseMs: number, abortAfterFirst = false): Readable {
  const bytes = Buffer.from(text);
  const half = Math.floor(bytes.length / 2);
  let step = 0;
  return new Readable({
    read() {
      if (step === 0) {
        step = 1;
        this.push(bytes.subarray(0, half));
      } else if (step === 1) {
        step = 2;
        setTimeout(() => {
          if (abortAfterFirst) this.destroy(new Error('connection dropped mid-upload'));
          else {
            this.push(bytes.subarray(half));
            this.push(null);
          }
        }, pauseMs);
      }
    },
  });
}

/**
 * A drop folder written by a real FTP server: a slow upload is taken only once complete, an
 * upload renamed from its temporary name at once, an upload abandoned under its temporary name
 * never; each story once in wire.raw.v1.
 */
describe('ingest drop folder fed by FTP', () => {
  const prefix = uniquePrefix('ingestftp');
  const topics = topicNames(prefix);
  const bus = testBus('ingest-ftp');
  const dir = mkdtempSync(join(tmpdir(), 'newswire-ftp-'));
  const drop = join(dir, 'drop');
  let ftp: Awaited<ReturnType<typeof ftpDropServer>>;
  let app: AppProcess;
  const client = async () => {
    const c = new Client(10000);
    const [host, port] = ftp.url.split(':');
    await c.access({ host, port: Number(port), user: ftp.user, password: ftp.password });
    return c;
  };

  beforeAll(async () => {
    mkdirSync(drop);
    ftp = await ftpDropServer(drop);
    const feeds = [
      {
        id: 'ftp-drop',
        kind: 'drop-folder',
        path: drop,
        settleSeconds: 2,
        scanSeconds: 0.2,
        tempPattern: '*.part',
      },
    ];
    writeFileSync(join(dir, 'feeds.json'), JSON.stringify({ feeds }));
    app = startApp(
      'ingest',
      appEnv(prefix, { INGEST_FEEDS_FILE: join(dir, 'feeds.json'), INGEST_PORT: String(await freePort()) }),
    );
  }, 60000);

  afterAll(async () => {
    await app?.stop();
    await ftp?.close();
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30000);

  it('takes complete uploads only, each once', async () => {
    const c = await client();
    try {
      // Paused mid-upload for longer than a scan, shorter than the settle time: not taken half-way.
      await c.uploadFrom(pausedStream(story(1), 1200), 'slow.xml');
      // Uploaded under a temporary name, then renamed: taken at once.
      await c.uploadFrom(pausedStream(story(2), 300), 'renamed.xml.part');
      await c.rename('renamed.xml.part', 'renamed.xml');
    } finally {
      c.close();
    }
    // Abandoned half-way under its temporary name: never taken.
    const dropped = await client();
    await dropped.uploadFrom(pausedStream(story(3), 300, true), 'abandoned.xml.part').catch(() => undefined);
    dropped.close();

    await eventually(
      () => (readdirSync(join(drop, 'done')).length === 2 ? true : undefined),
      30000,
      250,
      () => appLogs([app]),
    );
    await sleep(3000);
    expect(readdirSync(join(drop, 'done')).sort()).toEqual(['renamed.xml', 'slow.xml']);
    expect(readdirSync(join(drop, 'failed'))).toEqual([]);
    expect(readdirSync(drop).filter((f) => f.endsWith('.part'))).toEqual(['abandoned.xml.part']);
    const items = (await rawItems(bus, topics.raw)).filter((i) => i.feed === 'ftp-drop');
    expect(items.map((i) => i.id).sort()).toEqual(['ftp-1', 'ftp-2']);
    expect(doubled(items)).toEqual([]);
    // The slow upload arrived whole: its item is the whole story.
    expect(items.find((i) => i.id === 'ftp-1')!.bytes.toString()).toContain(
      readFileSync(join(drop, 'done', 'slow.xml'), 'utf8').slice(-200, -40),
    );
  }, 60000);
});
