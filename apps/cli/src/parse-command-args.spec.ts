import { parseCommandArgs, type CommandSpec } from './parse-command-args';

const spec = {
  name: 'normalize',
  usage: 'normalize FILE [--format F] [--full]',
  help: 'Reads FILE.\n  --format F  the wire format',
  options: { format: { type: 'string' }, full: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
} satisfies CommandSpec<{ format: { type: 'string' }; full: { type: 'boolean' } }>;

function parse(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const result = parseCommandArgs(args, spec, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { result, out: out.join('\n'), err: err.join('\n') };
}

describe('parseCommandArgs', () => {
  it('gives the values and positionals of a valid command line', () => {
    expect(parse('f.xml', '--format', 'ninjs', '--full').result).toEqual({
      values: { format: 'ninjs', full: true },
      positionals: ['f.xml'],
    });
    expect(parse('--format=rss', 'f.xml').result).toEqual({
      values: { format: 'rss' },
      positionals: ['f.xml'],
    });
  });

  it('refuses an unknown option with exit code 2, naming it, with the synopsis', () => {
    const { result, err, out } = parse('f.xml', '--fromat', 'ninjs');
    expect(result).toBe(2);
    expect(err).toMatch(/^newswire normalize: Unknown option '--fromat'\nusage: newswire normalize FILE/);
    expect(out).toBe('');
  });

  it('refuses an option without its value, a value given to a flag, and the wrong number of positionals', () => {
    expect(parse('f.xml', '--format')).toMatchObject({ result: 2, err: expect.stringMatching(/--format/) });
    expect(parse('f.xml', '--full=yes')).toMatchObject({ result: 2, err: expect.stringMatching(/--full/) });
    expect(parse()).toMatchObject({ result: 2, err: expect.stringMatching(/missing argument/) });
    expect(parse('a', 'b')).toMatchObject({
      result: 2,
      err: expect.stringMatching(/unexpected argument 'b'/),
    });
  });

  it('prints the help on stdout for --help or -h, exit code 0', () => {
    for (const flag of ['--help', '-h']) {
      const { result, out, err } = parse(flag);
      expect(result).toBe(0);
      expect(out).toBe(
        'usage: newswire normalize FILE [--format F] [--full]\n\nReads FILE.\n  --format F  the wire format',
      );
      expect(err).toBe('');
    }
  });

  it('names the program a bench or evaluation is run by in its synopsis and refusals', () => {
    const err: string[] = [];
    const bench = { ...spec, program: 'npm run bench --', name: 'normalize' };
    expect(
      parseCommandArgs(['--fromat'], bench, { out: () => undefined, err: (t) => void err.push(t) }),
    ).toBe(2);
    expect(err.join('\n')).toMatch(
      /^npm run bench -- normalize: Unknown option '--fromat'\nusage: npm run bench -- normalize FILE/,
    );
  });
});
