import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

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
