import { bootstrapTopics, describeDrift } from '@newswire/kafka';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';
import { withBus } from '../cli-context';

const SPEC = {
  name: 'topics',
  usage: 'topics [--fix]',
  help: `Creates the topics that are missing and reports, on stderr, how existing ones differ from
their specs; prints the result as JSON. Exits 1 while any difference is left.

  --fix    set the configs of drifted topics back to their specs`,
  options: { fix: { type: 'boolean' } },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire topics [--fix]`: creates the topics of libs/contracts that are missing (idempotent) and
 * reports how existing ones differ from their specs; `--fix` sets their configs back. Exit 1 while
 * any difference is left, so that a deployment script can stop on it.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const flags = parsed.values;
  const result = await withBus(({ bus, config }) =>
    bootstrapTopics(bus, config.kafka, { fix: flags.fix === true }),
  );
  for (const d of result.drift) io.err(`topic drift: ${describeDrift(d)}`);
  io.out(JSON.stringify(result));
  return result.drift.some((d) => d.kind !== 'config-unread') ? 1 : 0;
}
