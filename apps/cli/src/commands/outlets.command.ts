import { loadConfig } from '@newswire/config';
// Imported by path while libs/storage's index is being reorganised; re-export it there after.
import { unregisteredOutlets } from '../../../../libs/storage/src/unregistered-outlets.query';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';

const SPEC = {
  name: 'outlets',
  usage: 'outlets --unregistered',
  help: `Prints the outlets real copy cites that the registry lacks (found beside an outlet noun), from
the read model, most cited first, one JSON line each; a count on stderr.

  --unregistered    required: the only listing there is`,
  options: { unregistered: { type: 'boolean' } },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire outlets --unregistered`: the outlets real copy cites that the registry lacks (found
 * beside an outlet noun, flagged unregistered), from the read model, most cited first, one JSON
 * line each; a count on stderr.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  if (!parsed.values.unregistered) {
    io.err(`newswire outlets: --unregistered is required\nusage: newswire ${SPEC.usage}`);
    return 2;
  }
  const config = loadConfig(process.env);
  const outlets = await unregisteredOutlets({
    databaseUrl: config.db.url,
    dataDir: config.db.dataDir,
    schema: config.db.schema,
  });
  for (const outlet of outlets) io.out(JSON.stringify(outlet));
  io.err(`${outlets.length} unregistered outlet(s) cited in the read model`);
  return 0;
}
