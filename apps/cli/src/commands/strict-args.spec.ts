import type { CliIo } from '../command';
import { run as dlq } from './dlq.command';
import { run as start } from './start.command';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  return { cli, out, err };
}

// Each answer comes before the command touches a broker or starts anything.
describe.each([
  ['dlq', dlq, ['list', '--cod', 'X'], 'usage: newswire dlq list|show OFFSET|redrive'],
  ['start', start, ['--dmeo'], 'usage: newswire start [--demo]'],
])('newswire %s arguments', (name, run, unknown, synopsis) => {
  it('prints its help for --help (exit 0)', async () => {
    const { cli, out, err } = io();
    expect(await run(['--help'], cli)).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`^${synopsis.replace(/[[\]|]/g, '\\$&')}`));
    expect(err).toEqual([]);
  });

  it('refuses an unknown option with the synopsis (exit 2)', async () => {
    const { cli, out, err } = io();
    expect(await run(unknown, cli)).toBe(2);
    const option = unknown.find((a) => a.startsWith('--'))!;
    expect(err.join('\n')).toContain(`newswire ${name}: Unknown option '${option}'`);
    expect(err.join('\n')).toContain(synopsis);
    expect(out).toEqual([]);
  });
});

describe('newswire dlq arguments', () => {
  it('refuses an option without its value, an unknown action and a stray argument (exit 2)', async () => {
    for (const args of [['list', '--code'], ['purge'], ['list', '7'], ['redrive', '--raw=yes']]) {
      const { cli, err } = io();
      expect({ args, code: await dlq(args, cli) }).toEqual({ args, code: 2 });
      expect(err.join('\n')).toContain('usage: newswire dlq');
    }
  });

  it('asks redrive to say which records before reading any', async () => {
    const { cli, err } = io();
    expect(await dlq(['redrive'], cli)).toBe(2);
    expect(err.join('\n')).toMatch(/say which records .* or --all/);
  });
});
