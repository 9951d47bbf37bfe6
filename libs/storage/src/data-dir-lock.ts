import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK = 'newswire.pid';

/** Who holds an embedded data folder: its process, and the port it serves the folder on, if any. */
export interface DataDirHolder {
  pid: number;
  port?: number;
}

/**
 * PGlite opens a data folder without any lock of its own, and two processes writing one folder
 * corrupt it. A lock file (the holder's pid, and the port when it serves the folder, as `newswire
 * start` does) makes a second opener fail with a reason instead. It is written whole and then
 * linked into place, so it never exists half-written. A holder that is gone (a crash), or that has
 * this process's own pid (a container restarted with the same one), is taken over; two processes
 * taking over one stale lock at the same instant is the one race left. Returns the release.
 */
export function lockDataDir(dir: string, servedOn?: number): () => void {
  const file = join(dir, LOCK);
  const content = servedOn === undefined ? `${process.pid}\n` : `${process.pid}\n${servedOn}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const temp = `${file}.${process.pid}.${attempt}`;
    writeFileSync(temp, content);
    try {
      linkSync(temp, file);
      return () => {
        if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(temp, { force: true });
    }
    const holder = readHolder(file);
    if (holder && holder.pid !== process.pid && alive(holder.pid))
      throw new Error(
        `the embedded database in ${dir} is in use by process ${holder.pid}; run the apps together with ` +
          '`newswire start` (which serves it to all of them), or give each a DATABASE_URL',
      );
    rmSync(file, { force: true });
  }
  throw new Error(`could not lock ${file}`);
}

/** The live process holding a data folder, if one does. */
export function dataDirHolder(dir: string): DataDirHolder | undefined {
  const holder = readHolder(join(dir, LOCK));
  return holder && alive(holder.pid) ? holder : undefined;
}

/** The port on which a live process serves the data folder, if one does. */
export function servedPort(dir: string): number | undefined {
  return dataDirHolder(dir)?.port;
}

function readHolder(file: string): DataDirHolder | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const [pid, port] = text.split('\n').map(Number);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return Number.isInteger(port) && port > 0 ? { pid, port } : { pid };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
