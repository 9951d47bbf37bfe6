import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_WIRE_FILE_BYTES, readWireFile } from './wire-files';

describe('readWireFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newswire-wire-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file up to the largest wire a topic takes, and refuses a larger one before reading it', () => {
    const file = join(dir, 'story.txt');
    writeFileSync(file, 'DUBAI (Reuters) - A story.');
    expect(readWireFile(file).toString()).toBe('DUBAI (Reuters) - A story.');
    truncateSync(file, MAX_WIRE_FILE_BYTES);
    expect(readWireFile(file)).toHaveLength(MAX_WIRE_FILE_BYTES);
    truncateSync(file, MAX_WIRE_FILE_BYTES + 1);
    expect(() => readWireFile(file)).toThrow(`is ${MAX_WIRE_FILE_BYTES + 1} bytes; a wire can be at most`);
  });
});
