import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { StageError } from '@newswire/contracts';
import { contentHash, seenWrite, splitDocument, type DropFolderFeed } from '@newswire/ingest';
import type { Logger } from '@newswire/observability';
import type { FeedHealth } from './feed-health';
import type { IngestLog } from './ingest-log';
import { rawMessage } from './raw-message';

interface Watched {
  size: number;
  mtimeMs: number;
  /** When the size and time were first seen as they are now. */
  since: number;
  ino: number;
}

export const DONE_DIR = 'done';
export const FAILED_DIR = 'failed';

/**
 * One drop folder that agencies' FTP/SFTP uploads write into. A file is taken once complete: its
 * size and time unchanged for the settle time, or at once when it was renamed from a temporary
 * name (the same inode seen under one). Its items are sent in one transaction with the record of the
 * file (name and content hash), then it moves to done/; a file that cannot be sent moves to
 * failed/ with `<name>.reason` beside it. A file found again after a crash between the commit and
 * the move has its record: it is only moved.
 */
export class DropFolderRunner {
  private readonly watched = new Map<string, Watched>();
  /** Inodes of files under a temporary name at the last scan. */
  private tempInodes = new Set<number>();
  private readonly isTemp: (name: string) => boolean;
  private readonly isWanted: (name: string) => boolean;
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly feed: DropFolderFeed & { maxBytes: number },
    private readonly log: IngestLog,
    private readonly rawTopic: string,
    private readonly health: FeedHealth,
    private readonly logger: Logger,
  ) {
    this.isTemp = picomatch(feed.tempPattern, { dot: true });
    this.isWanted = picomatch(feed.match, { dot: true });
  }

  async start(): Promise<void> {
    await mkdir(join(this.feed.path, DONE_DIR), { recursive: true });
    await mkdir(join(this.feed.path, FAILED_DIR), { recursive: true });
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.scan()
        .catch((error: unknown) => this.health.failed(this.feed.id, 'io', (error as Error).message))
        .then(() => {
          this.current = undefined;
          this.schedule();
        });
    }, this.feed.scanSeconds * 1000);
  }

  /** One look at the folder: takes each file that is complete, in name order. */
  async scan(now = Date.now()): Promise<void> {
    const entries = await readdir(this.feed.path, { withFileTypes: true });
    const temps = new Set<number>();
    const ready: string[] = [];
    const present = new Set<string>();
    for (const e of entries) {
      if (!e.isFile()) continue;
      const s = await stat(join(this.feed.path, e.name)).catch(() => undefined);
      if (!s) continue;
      if (this.isTemp(e.name)) {
        temps.add(s.ino);
        continue;
      }
      if (!this.isWanted(e.name)) continue;
      present.add(e.name);
      const before = this.watched.get(e.name);
      const renamed = this.tempInodes.has(s.ino) && before === undefined;
      if (!before || before.size !== s.size || before.mtimeMs !== s.mtimeMs || before.ino !== s.ino)
        this.watched.set(e.name, { size: s.size, mtimeMs: s.mtimeMs, since: now, ino: s.ino });
      const w = this.watched.get(e.name)!;
      if (renamed || now - w.since >= this.feed.settleSeconds * 1000) ready.push(e.name);
    }
    this.tempInodes = temps;
    for (const name of this.watched.keys()) if (!present.has(name)) this.watched.delete(name);
    for (const name of ready.sort()) {
      if (this.stopped) return;
      await this.take(name);
      this.watched.delete(name);
    }
  }

  private async take(name: string): Promise<void> {
    const { id } = this.feed;
    const file = join(this.feed.path, name);
    let sent: number;
    try {
      const s = await stat(file);
      if (s.size > this.feed.maxBytes)
        throw new StageError('TOO_LARGE', `the file is ${s.size} bytes, the limit is ${this.feed.maxBytes}`);
      const bytes = await readFile(file);
      const hash = contentHash(bytes);
      const doc = splitDocument(bytes, { contentType: this.feed.contentType, maxBytes: this.feed.maxBytes });
      sent = await this.log.submit((state) => {
        // Sent before a crash that came before its move: only the move is left to do.
        if (state.feed(id).files.get(name)?.hash === hash) return { raw: [], writes: [], result: 0 };
        const at = new Date();
        return {
          raw: doc.items.map((i) => rawMessage(this.rawTopic, id, i.bytes, i.contentType, at).message),
          writes: [seenWrite(id, 'file', name, hash, at)],
          result: doc.items.length,
        };
      });
    } catch (error) {
      if (!(error instanceof StageError)) throw error;
      const moved = await this.moveTo(FAILED_DIR, name);
      await writeFile(`${moved}.reason`, `${error.code}: ${error.message}\n`);
      this.health.failed(id, 'parse', `${name}: ${error.message}`);
      this.logger.warn(
        { feed: id, file: name, code: error.code, reason: error.message },
        'dropped file failed',
      );
      return;
    }
    await this.moveTo(DONE_DIR, name);
    this.health.succeeded(id, sent, 0);
    this.logger.info({ feed: id, file: name, items: sent }, 'dropped file taken');
  }

  /** Moves a file into done/ or failed/ (under a new name when one of that name is there); its new path. */
  private async moveTo(dir: string, name: string): Promise<string> {
    const target = join(this.feed.path, dir, name);
    const taken = await stat(target).then(
      () => true,
      () => false,
    );
    const moved = taken ? `${target}.${Date.now()}` : target;
    await rename(join(this.feed.path, name), moved);
    return moved;
  }
}
