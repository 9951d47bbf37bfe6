import { basename } from 'node:path';
import { assertBrokerReachable } from '@newswire/kafka';
import { createTracing, parseTraceparent } from '@newswire/observability';
import { parseArgs, type CliIo } from '../command';
import { withBus } from '../cli-context';
import { wireFiles } from '../wire-files';
import { publishFiles } from '../wire-publisher';

const USAGE = 'usage: newswire publish FILE|DIR... [--source FEED] [--traceparent 00-TRACEID-SPANID-FLAGS]';

/**
 * `newswire publish FILE|DIR... [--source FEED] [--traceparent TP]`: sends wire files to
 * wire.raw.v1 as raw bytes, each continuing the W3C trace TP names (a new trace each without it).
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args);
  if (positionals.length === 0) {
    io.err(USAGE);
    return 2;
  }
  const parent = typeof flags.traceparent === 'string' ? parseTraceparent(flags.traceparent) : undefined;
  if (flags.traceparent !== undefined && !parent) {
    io.err(`newswire publish: --traceparent is not a W3C traceparent\n${USAGE}`);
    return 2;
  }
  const source = typeof flags.source === 'string' ? flags.source : undefined;
  const files = wireFiles(positionals).map((file) => ({ file, source }));
  return withBus(async ({ bus, topics, config }) => {
    // A producer's first send to a broker that is down fails only after 88 s, naming no address.
    await assertBrokerReachable(config.kafka.brokers);
    const tracing = createTracing('newswire-cli', config.otlpEndpoint);
    const sent = await publishFiles(bus, topics, files, { tracer: tracing.tracer, parent });
    await tracing.shutdown();
    for (const s of sent)
      io.out(JSON.stringify({ file: s.file, name: basename(s.file), traceId: s.traceId, topic: topics.raw }));
    io.err(`published ${sent.length} file(s) to ${topics.raw}`);
    return 0;
  });
}
