/** What every CLI command gets: where results (stdout) and progress/errors (stderr) go. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandModule {
  run(args: string[], io: CliIo): Promise<number>;
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  };
}

/** Minimal flag parsing: `--name value`, `--flag`, and positionals. */
export function parseArgs(
  args: string[],
  booleans: string[] = [],
): { positionals: string[]; flags: Record<string, string | true> } {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      if (inline !== undefined) flags[name] = inline;
      else if (booleans.includes(name) || i + 1 >= args.length || args[i + 1].startsWith('--'))
        flags[name] = true;
      else flags[name] = args[++i];
    } else positionals.push(a);
  }
  return { positionals, flags };
}
