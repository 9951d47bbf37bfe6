import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { processIo } from '../../apps/cli/src/command';
import {
  parseCommandArgs,
  type CommandSpec,
  type OptionSpec,
  type ParsedArgs,
} from '../../apps/cli/src/parse-command-args';

export interface NamedModule {
  run(args: string[]): Promise<void>;
}

/**
 * Runs `<dir>/<name>.<suffix>.js` for `npm run bench|eval -- <name> [options]`; the modules
 * are found by file name so that adding one needs no registry edit.
 */
export async function runNamed(dir: string, suffix: string, command: string): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const ending = `.${suffix}.js`;
  const available = readdirSync(dir)
    .filter((f) => f.endsWith(ending))
    .map((f) => f.slice(0, -ending.length));
  if (!name || !/^[a-z][a-z0-9-]*$/.test(name) || !existsSync(join(dir, name + ending))) {
    process.stderr.write(`usage: npm run ${command} -- <${available.join('|')}> [options]\n`);
    process.exitCode = 2;
    return;
  }
  const mod = require(join(dir, name + ending)) as NamedModule;
  await mod.run(args);
}

/**
 * A bench's or evaluation's options, strict as the CLI's (an unknown or malformed option exits 2
 * with the synopsis, `--help` prints the help): undefined when it must not run, the exit code set.
 */
export function namedArgs<O extends Record<string, OptionSpec>>(
  args: string[],
  spec: CommandSpec<O> & { program: 'npm run bench --' | 'npm run eval --' },
): ParsedArgs<O> | undefined {
  const parsed = parseCommandArgs(args, spec, processIo());
  if (typeof parsed !== 'number') return parsed;
  process.exitCode = parsed;
  return undefined;
}
