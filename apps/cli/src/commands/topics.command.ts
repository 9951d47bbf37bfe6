import { bootstrapTopics, describeDrift } from '@newswire/kafka';
import { parseArgs, type CliIo } from '../command';
import { withBus } from '../cli-context';

/**
 * `newswire topics [--fix]`: creates the topics of libs/contracts that are missing (idempotent) and
 * reports how existing ones differ from their specs; `--fix` sets their configs back. Exit 1 while
 * any difference is left, so that a deployment script can stop on it.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args, ['fix']);
  const unknown = [...positionals, ...Object.keys(flags).filter((f) => f !== 'fix')];
  if (unknown.length) {
    io.err(`newswire topics: unexpected ${unknown.join(', ')}\nusage: newswire topics [--fix]`);
    return 2;
  }
  const result = await withBus(({ bus, config }) =>
    bootstrapTopics(bus, config.kafka, { fix: flags.fix === true }),
  );
  for (const d of result.drift) io.err(`topic drift: ${describeDrift(d)}`);
  io.out(JSON.stringify(result));
  return result.drift.some((d) => d.kind !== 'config-unread') ? 1 : 0;
}
