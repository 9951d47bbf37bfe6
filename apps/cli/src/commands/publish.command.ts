import { basename } from 'node:path';
import { assertBrokerReachable } from '@newswire/kafka';
import { parseArgs, type CliIo } from '../command';
import { withBus } from '../cli-context';
import { wireFiles } from '../wire-files';
import { publishFiles } from '../wire-publisher';

/** `newswire publish FILE|DIR... [--source FEED]`: sends wire files to wire.raw.v1 as raw bytes. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args);
  if (positionals.length === 0) {
    io.err('usage: newswire publish FILE|DIR... [--source FEED]');
    return 2;
  }
  const source = typeof flags.source === 'string' ? flags.source : undefined;
  const files = wireFiles(positionals).map((file) => ({ file, source }));
  return withBus(async ({ bus, topics, config }) => {
    // A producer's first send to a broker that is down fails only after 88 s, naming no address.
    await assertBrokerReachable(config.kafka.brokers);
    const sent = await publishFiles(bus, topics, files);
    for (const s of sent)
      io.out(JSON.stringify({ file: s.file, name: basename(s.file), traceId: s.traceId, topic: topics.raw }));
    io.err(`published ${sent.length} file(s) to ${topics.raw}`);
    return 0;
  });
}
