import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli-process';
import { freePort } from './support/free-port';

/**
 * `newswire publish` with no broker listening fails in seconds, saying which address is
 * unreachable and why (it retried initProducerId for 88 s, then named no address).
 */
describe('newswire publish with the broker down', () => {
  it('fails fast, naming the broker address and the cause', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'newswire-publish-')), 'story.txt');
    writeFileSync(file, 'A headline\n\nA body written for this test.\n');
    const address = `127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const r = await runCli(['publish', file], { KAFKA_BROKERS: address }, 60000);
    const seconds = (Date.now() - started) / 1000;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the Kafka broker at ${address} is unreachable`);
    expect(r.stderr).toContain('ECONNREFUSED');
    expect(r.stdout).toBe('');
    expect(seconds).toBeLessThan(15);
  }, 70000);
});
