import { openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite opens a data folder without any lock of its own, and two processes writing one folder
 * corrupt it. A pid file taken with O_EXCL makes the second opener fail with a reason instead; one
 * whose process is gone (a crash) is taken over. Returns the release.
 */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, 'newswire.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (alive(holder))
        throw new Error(
          `the embedded database in ${dir} is in use by process ${holder}; run the apps together with ` +
            '`newswire start` (which serves it to all of them), or give each a DATABASE_URL',
        );
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${file}`);
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
