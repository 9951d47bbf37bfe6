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
