import { HEADERS } from '@newswire/contracts';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';
import { withBus } from '../cli-context';

const SPEC = {
  name: 'tail',
  usage: 'tail [--from-beginning] [--full]',
  help: `Follows article.projections.v1: one JSON line per projection as it changes. Ctrl-C stops.

  --from-beginning    start from the topic's first projection, not from now
  --full              the whole projection, not a summary line`,
  options: { 'from-beginning': { type: 'boolean' }, full: { type: 'boolean' } },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire tail [--from-beginning] [--full]`: follows article.projections.v1, one JSON line per
 * projection as it changes (a summary line, or the whole projection with --full). Ctrl-C stops.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const flags = parsed.values;
  return withBus(async ({ bus, topics, config }) => {
    const running = await bus.runSink({
      stage: 'tail',
      groupId: `${config.kafka.groupPrefix}.tail.${process.pid}.${Date.now()}`,
      topics: [topics.projections],
      fromBeginning: Boolean(flags['from-beginning']),
      commitToKafka: false,
      handleBatch: async (messages) => {
        for (const m of messages) {
          if (!m.value) continue;
          if (flags.full) {
            io.out(m.value.toString('utf8'));
            continue;
          }
          const p = JSON.parse(m.value.toString('utf8')) as {
            articleId: string;
            version: number;
            status: string;
            headline: string;
            attributions?: { outlet: { id: string } }[];
            duplicates?: unknown[];
          };
          io.out(
            JSON.stringify({
              articleId: p.articleId,
              version: Number(m.headers[HEADERS.projectionVersion] ?? p.version),
              status: p.status,
              headline: p.headline,
              outlets: [...new Set((p.attributions ?? []).map((a) => a.outlet.id))],
              copies: p.duplicates?.length ?? 0,
            }),
          );
        }
      },
    });
    io.err(`following ${topics.projections}; Ctrl-C to stop`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await running.stop();
    return 0;
  });
}
