import { basename } from 'node:path';
import { assertBrokerReachable } from '@newswire/kafka';
import { createTracing, parseTraceparent } from '@newswire/observability';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';
import { withBus } from '../cli-context';
import { wireFiles } from '../wire-files';
import { publishFiles } from '../wire-publisher';

const SPEC = {
  name: 'publish',
  usage: 'publish FILE|DIR... [--source FEED] [--traceparent 00-TRACEID-SPANID-FLAGS]',
  help: `Sends wire files (every file of a DIR) to wire.raw.v1 as raw bytes, and prints one JSON line
per file: {"file", "name", "traceId", "topic"}.

  --source FEED       the feed id (the wire-source header)
  --traceparent TP    a W3C traceparent each file's trace continues (a new trace each without it)`,
  options: { source: { type: 'string' }, traceparent: { type: 'string' } },
  positionals: { min: 1, max: Infinity },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire publish FILE|DIR... [--source FEED] [--traceparent TP]`: sends wire files to
 * wire.raw.v1 as raw bytes, each continuing the W3C trace TP names (a new trace each without it).
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const parent = values.traceparent === undefined ? undefined : parseTraceparent(values.traceparent);
  if (values.traceparent !== undefined && !parent) {
    io.err(`newswire publish: --traceparent is not a W3C traceparent\nusage: newswire ${SPEC.usage}`);
    return 2;
  }
  const source = values.source;
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
