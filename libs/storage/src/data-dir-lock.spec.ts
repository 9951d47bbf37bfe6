import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir, servedPort } from './data-dir-lock';

describe('lockDataDir and servedPort', () => {
  let dir: string;
  let other: ChildProcess;
  const lockFile = () => join(dir, 'newswire.pid');
  beforeAll(() => {
    // Another live process, to hold the lock in the tests.
    other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  });
  afterAll(() => other.kill());
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'newswire-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the holder and the port it serves on, whole, and removes it on release', () => {
    const release = lockDataDir(dir, 54329);
    expect(readFileSync(lockFile(), 'utf8')).toBe(`${process.pid}\n54329\n`);
    expect(servedPort(dir)).toBe(54329);
    expect(readdirSync(dir)).toEqual(['newswire.pid']);
    release();
    expect(existsSync(lockFile())).toBe(false);
    expect(servedPort(dir)).toBeUndefined();
  });

  it('refuses a second holder while the first lives, naming it; a folder it only opens has no port', () => {
    writeFileSync(lockFile(), `${other.pid}\n`);
    expect(() => lockDataDir(dir)).toThrow(`in use by process ${other.pid}`);
    expect(servedPort(dir)).toBeUndefined();
    writeFileSync(lockFile(), `${other.pid}\n41234\n`);
    expect(servedPort(dir)).toBe(41234);
  });

  it('takes over the lock of a process that is gone, or of its own pid (a restarted container)', () => {
    const gone = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    writeFileSync(lockFile(), `${gone}\n41234\n`);
    expect(servedPort(dir)).toBeUndefined();
    lockDataDir(dir)();
    writeFileSync(lockFile(), `${process.pid}\n`);
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(`${process.pid}\n`);
    release();
  });
});
