import { HEADERS, eventsTopic, topicSpecs } from '@newswire/contracts';
import {
  articleEventMessage,
  describeFailure,
  checkedRawTrace,
  rawTrace,
  type OutMessage,
} from '@newswire/kafka';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';
import { withBus } from '../cli-context';
import { InMemoryPipeline } from '../in-memory-pipeline';
import { Progress } from '../progress';

const SPEC = {
  name: 'reprocess',
  usage: 'reprocess --from-beginning [--generation N]',
  help: `Re-runs every message of wire.raw.v1 through today's normalize, attribute and curate into a
new generation of the event log (article.events.v1.genN), leaving the live log alone. Switch to
it with EVENTS_GENERATION=N and \`newswire replay projections --from-beginning\`.

  --from-beginning    required: reprocess reads the whole raw topic
  --generation N      the generation to write (default: the first from 2 that does not exist)`,
  options: { 'from-beginning': { type: 'boolean' }, generation: { type: 'string' } },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire reprocess --from-beginning [--generation N]`: re-runs every message of wire.raw.v1
 * through normalize -> attribute -> curate (today's parsers and outlet registry, a fresh index)
 * into a NEW generation of the event log, `article.events.v1.genN`, leaving the live log alone.
 * An operator switches by setting EVENTS_GENERATION=N for the curator and projector and running
 * `newswire replay projections --from-beginning`.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const flags = parsed.values;
  if (!flags['from-beginning']) {
    io.err(`newswire reprocess: --from-beginning is required\nusage: newswire ${SPEC.usage}`);
    return 2;
  }
  return withBus(async ({ bus, topics, config }) => {
    const admin = await bus.admin();
    const existing = new Set(await admin.listTopics());
    const prefix = config.kafka.topicPrefix;
    let generation = typeof flags.generation === 'string' ? Number(flags.generation) : 0;
    if (!generation) for (generation = 2; existing.has(eventsTopic(prefix, generation)); generation++);
    if (!Number.isInteger(generation) || generation < 2) {
      io.err('--generation: a whole number from 2 (generation 1 is the live log)');
      await admin.close();
      return 2;
    }
    const target = eventsTopic(prefix, generation);
    if (existing.has(target)) {
      io.err(`${target} exists already: choose another --generation, or delete it first`);
      await admin.close();
      return 1;
    }
    const spec = topicSpecs(prefix, config.kafka.partitions, generation).find((s) => s.name === target)!;
    await admin.ensureTopics([spec]);
    const ends = await admin.topicOffsets(topics.raw);
    await admin.close();

    const pipeline = new InMemoryPipeline();
    const producer = await bus.producer();
    const progress = new Progress(
      'reprocess',
      ends.reduce((n, e) => n + Number(BigInt(e.high) - BigInt(e.low)), 0),
    );
    const rejected: Record<string, number> = {};
    const byType: Record<string, number> = {};
    await bus.readToEnd(topics.raw, async (batch) => {
      const out: OutMessage[] = [];
      for (const m of batch) {
        try {
          const curated = pipeline.process(m.value ?? Buffer.alloc(0), {
            contentType: m.headers[HEADERS.contentType],
            source: m.headers[HEADERS.wireSource],
            maxBytes: config.maxInputBytes,
            ...checkedRawTrace(m),
            causation: { topic: m.topic, partition: m.partition, offset: m.offset },
          });
          for (const e of curated.flatMap((c) => c.events)) {
            byType[e.type] = (byType[e.type] ?? 0) + 1;
            out.push(articleEventMessage(target, e));
          }
        } catch (error) {
          const { code, message } = describeFailure(error);
          rejected[code] = (rejected[code] ?? 0) + 1;
          // Named where it sits in the raw log, which keeps its bytes (reprocess writes no dead letters).
          const at = { partition: m.partition, offset: m.offset, traceId: rawTrace(m).traceId };
          io.err(JSON.stringify({ rejected: code, message, ...at }));
        }
      }
      await producer.send(out);
      progress.add(batch.length);
    });
    const { done, seconds } = progress.finish();
    await producer.close();
    io.out(
      JSON.stringify({
        generation,
        topic: target,
        rawMessages: done,
        events: byType,
        rejected,
        seconds: Number(seconds.toFixed(1)),
      }),
    );
    io.err(
      `wrote generation ${generation} (${target}); to switch: set EVENTS_GENERATION=${generation} for the curator and ` +
        `projector, restart them, and run \`EVENTS_GENERATION=${generation} newswire replay projections --from-beginning\``,
    );
    return 0;
  });
}
