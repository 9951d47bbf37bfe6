import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from './data-dir-lock';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'newswire-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets one holder in, refuses a second with the holder named, and frees the folder on release', () => {
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'newswire.pid'), 'utf8')).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(`in use by process ${process.pid}`);
    release();
    expect(existsSync(join(dir, 'newswire.pid'))).toBe(false);
    lockDataDir(dir)();
  });

  it('takes over the lock of a process that is gone (a crash)', () => {
    // A pid that surely ended: a child that has already exited.
    const gone = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    writeFileSync(join(dir, 'newswire.pid'), gone);
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'newswire.pid'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
