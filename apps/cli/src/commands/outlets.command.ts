import { loadConfig } from '@newswire/config';
// Imported by path while libs/storage's index is being reorganised; re-export it there after.
import { unregisteredOutlets } from '../../../../libs/storage/src/unregistered-outlets.query';
import { parseArgs, type CliIo } from '../command';

const USAGE = 'usage: newswire outlets --unregistered';

/**
 * `newswire outlets --unregistered`: the outlets real copy cites that the registry lacks (found
 * beside an outlet noun, flagged unregistered), from the read model, most cited first, one JSON
 * line each; a count on stderr.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args, ['unregistered']);
  if (!flags.unregistered || positionals.length > 0) {
    io.err(USAGE);
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
