/**
 * `npm run eval -- standards`: the jest project `standards` (eval/standards/*.standards-spec.ts),
 * which reads IPTC's NewsML-G2 and ninjs examples and ninjs schemas from ../shared/standards:
 * every example newswire claims to read gives the facts IPTC's documentation states, and every
 * sample story's ninjs validates. Exits non-zero when one fails; skips when ../shared is absent.
 */
import { spawnSync } from 'node:child_process';
import { sharedPath } from './shared-dir';

export function run(args: string[]): Promise<void> {
  const standards = sharedPath('standards');
  if (!standards) {
    process.stdout.write('standards skipped: ../shared/standards not found (set NEWSWIRE_SHARED)\n');
    return Promise.resolve();
  }
  const jest = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--selectProjects', 'standards', '--', ...args],
    { stdio: 'inherit', env: { ...process.env, NEWSWIRE_SHARED: standards.replace(/\/standards$/, '') } },
  );
  process.stdout.write(`standards: ${jest.status === 0 ? 'every check passed' : 'FAILED'}\n`);
  if (jest.status !== 0) process.exitCode = 1;
  return Promise.resolve();
}
