import { parseArgs } from 'node:util';
import type { CliIo } from './command';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}

export interface CommandSpec<O extends Record<string, OptionSpec>> {
  /** What is typed before the command: `newswire` (the default), `npm run bench --`. */
  program?: string;
  /** The command's name, as typed after the program. */
  name: string;
  /** One synopsis line, without `usage: newswire`: `normalize FILE [--format F]`. */
  usage: string;
  /** What the command does and what each option means: `--help` prints it under the synopsis. */
  help: string;
  options: O;
  /** Fewest and most positional arguments (default: none). */
  positionals?: { min: number; max: number };
}

type Values<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' }
    ? boolean
    : O[K] extends { multiple: true }
      ? string[]
      : string;
};

export interface ParsedArgs<O extends Record<string, OptionSpec>> {
  values: Values<O>;
  positionals: string[];
}

/**
 * A command's arguments through node:util's parseArgs with `strict`: an unknown option, an option
 * missing its value, a value given to a flag and too few or too many positionals are refused
 * with the reason and the synopsis on stderr (exit code 2); `--help` or `-h` prints the help on
 * stdout (exit code 0). Either way the exit code comes back instead of the arguments.
 */
export function parseCommandArgs<O extends Record<string, OptionSpec>>(
  args: string[],
  spec: CommandSpec<O>,
  io: CliIo,
): ParsedArgs<O> | number {
  const program = spec.program ?? 'newswire';
  const synopsis = `usage: ${program} ${spec.usage}`;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // node's message goes on to explain `--` for positionals that start with '-': the first
    // sentence says what was wrong.
    const reason = (error as Error).message.split(/\. To specify/)[0];
    io.err(`${program} ${spec.name}: ${reason}\n${synopsis}\n(${program} ${spec.name} --help for more)`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(`${synopsis}\n\n${spec.help.trim()}`);
    return 0;
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  const n = parsed.positionals.length;
  if (n < min || n > max) {
    const what = n < min ? 'missing argument' : `unexpected argument '${parsed.positionals[max]}'`;
    io.err(`${program} ${spec.name}: ${what}\n${synopsis}`);
    return 2;
  }
  return { values: parsed.values as Values<O>, positionals: parsed.positionals };
}
