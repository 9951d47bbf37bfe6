import { HEADERS, RedriveRecord, topicSpecs } from '@newswire/contracts';
import type { InMessage, OutMessage } from '@newswire/kafka';
import type { CliIo } from '../command';
import { withBus, type CliContext } from '../cli-context';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';

const DLQ_HEADERS = new Set<string>(Object.values(HEADERS.dlq));

/**
 * The dead-letter record a record stems from: itself, or, for the dead letter of a redriven copy,
 * the record that copy was made from (as `partition:offset`).
 */
export function originOf(m: InMessage): string {
  return m.headers[HEADERS.redriveOf] ?? `${m.partition}:${m.offset}`;
}

/** One DLQ record as ops see it in a listing; `redriven` when its origin has been sent back. */
export function describeDeadLetter(m: InMessage, redriven?: Set<string>) {
  return {
    partition: m.partition,
    offset: m.offset,
    code: m.headers[HEADERS.dlq.code],
    message: m.headers[HEADERS.dlq.message],
    stage: m.headers[HEADERS.dlq.stage],
    originalTopic: m.headers[HEADERS.dlq.topic],
    originalPartition: Number(m.headers[HEADERS.dlq.partition]),
    originalOffset: m.headers[HEADERS.dlq.offset],
    failedAt: m.headers[HEADERS.dlq.failedAt],
    traceId: m.headers[HEADERS.traceId],
    bytes: m.value?.length ?? 0,
    ...(m.headers[HEADERS.redriveOf] ? { redriveOf: m.headers[HEADERS.redriveOf] } : {}),
    ...(redriven ? { redriven: redriven.has(originOf(m)) } : {}),
  };
}

/**
 * The original message, as it was before it failed: same bytes, key and headers, to its original
 * topic, naming the dead-letter record it stems from (so that its own dead letter, if it fails
 * again, is known as a copy).
 */
export function redriveOf(m: InMessage): OutMessage {
  const headers = Object.fromEntries(Object.entries(m.headers).filter(([k]) => !DLQ_HEADERS.has(k)));
  headers[HEADERS.redriveOf] = originOf(m);
  return { topic: m.headers[HEADERS.dlq.topic], key: m.key, value: m.value, headers };
}

/** The origins of every dead-letter record sent back so far. */
async function redrivenOrigins({ bus, config, topics }: CliContext): Promise<Set<string>> {
  // A deployment older than the topic has it once an app, or this, has started.
  const admin = await bus.admin();
  try {
    const specs = topicSpecs(
      config.kafka.topicPrefix,
      config.kafka.partitions,
      config.kafka.eventsGeneration,
    );
    await admin.ensureTopics(specs.filter((s) => s.name === topics.redrives));
  } finally {
    await admin.close();
  }
  const origins = new Set<string>();
  await bus.readToEnd(topics.redrives, (batch) => {
    for (const m of batch) if (m.key) origins.add(m.key.toString('utf8'));
  });
  return origins;
}

const SPEC = {
  name: 'dlq',
  usage:
    'dlq list|show OFFSET|redrive [--code C] [--stage S] [--offset N] [--partition P] [--raw] [--all] [--again]',
  help: `Inspects and redrives the dead-letter topic.

  list                the records (one JSON line each), with whether each was redriven
  show OFFSET         one record: its headers and value (--partition P when offsets repeat)
  redrive             sends the chosen records back to their original topics, once each

  --code C            records of this error code
  --stage S           records dead-lettered by this stage
  --offset N          the record at this offset
  --partition P       records of this partition
  --raw               show: the record's bytes as they are
  --all               redrive: every record (a filter or --all is required)
  --again             redrive: records already redriven too`,
  options: {
    code: { type: 'string' },
    stage: { type: 'string' },
    offset: { type: 'string' },
    partition: { type: 'string' },
    raw: { type: 'boolean' },
    all: { type: 'boolean' },
    again: { type: 'boolean' },
  },
  positionals: { min: 1, max: 2 },
} satisfies CommandSpec<Record<string, OptionSpec>>;
const USAGE = `usage: newswire ${SPEC.usage}`;
const FILTERS = ['code', 'stage', 'offset', 'partition'] as const;

/**
 * `newswire dlq list [--code C] [--stage S]` | `dlq show OFFSET [--partition P] [--raw]` |
 * `dlq redrive --code C | --stage S | --offset N | --all [--again]`: inspect and redrive the
 * dead-letter topic. A record is redriven once: later redrives skip it and the dead letters of its
 * copies, unless `--again`.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const { values: flags, positionals } = parsed;
  const [action, offsetArg] = positionals;
  if (!['list', 'show', 'redrive'].includes(action) || (action !== 'show' && offsetArg !== undefined)) {
    io.err(USAGE);
    return 2;
  }
  // The topic keeps every record, earlier redrives' included: sending all of it again is a choice
  // to make on purpose.
  if (action === 'redrive' && !flags.all && !FILTERS.some((f) => flags[f] !== undefined)) {
    io.err(
      `newswire dlq redrive: say which records (--code, --stage, --offset, --partition) or --all\n${USAGE}`,
    );
    return 2;
  }
  return withBus(async (ctx) => {
    const { bus, topics } = ctx;
    const records: InMessage[] = [];
    await bus.readToEnd(topics.dlq, (batch) => {
      records.push(...batch);
    });
    const selected = records.filter(
      (m) =>
        (flags.code === undefined || m.headers[HEADERS.dlq.code] === flags.code) &&
        (flags.stage === undefined || m.headers[HEADERS.dlq.stage] === flags.stage) &&
        (flags.partition === undefined || m.partition === Number(flags.partition)) &&
        (flags.offset === undefined || m.offset === flags.offset),
    );
    if (action === 'list') {
      const redriven = await redrivenOrigins(ctx);
      for (const m of selected) io.out(JSON.stringify(describeDeadLetter(m, redriven)));
      io.err(`${selected.length} of ${records.length} dead-letter record(s)`);
      return 0;
    }
    if (action === 'show') {
      const m = selected.find((r) => r.offset === offsetArg);
      if (!m) {
        io.err(`no dead-letter record at offset ${offsetArg ?? '(missing)'}`);
        return 1;
      }
      if (flags.raw) {
        process.stdout.write(m.value ?? Buffer.alloc(0));
        return 0;
      }
      const text = m.value?.toString('utf8') ?? '';
      const isText = Buffer.from(text, 'utf8').equals(m.value ?? Buffer.alloc(0));
      io.out(
        JSON.stringify(
          {
            ...describeDeadLetter(m),
            headers: m.headers,
            key: m.key?.toString('utf8') ?? null,
            value: isText ? text : undefined,
            valueBase64: isText ? undefined : m.value?.toString('base64'),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const redriven = await redrivenOrigins(ctx);
    // One copy per origin, of its latest dead letter (the same bytes as the first).
    const chosen = new Map<string, InMessage>();
    for (const m of selected) if (flags.again || !redriven.has(originOf(m))) chosen.set(originOf(m), m);
    // Already redriven, or another dead letter of an origin chosen.
    const skipped = selected.length - chosen.size;
    const redrivenAt = new Date().toISOString();
    const marks: OutMessage[] = [...chosen].map(([origin, m]) => ({
      topic: topics.redrives,
      key: origin,
      value: JSON.stringify(
        RedriveRecord.parse({
          origin,
          from: { partition: m.partition, offset: m.offset },
          topic: m.headers[HEADERS.dlq.topic],
          redrivenAt,
          again: flags.again === true,
        }),
      ),
    }));
    const producer = await bus.producer({ idempotent: true });
    // The marks first: a copy sent without its mark would be sent again by the next redrive, while
    // a mark whose copy failed to go is reported here and sent by `--again`.
    await producer.send(marks);
    try {
      await producer.send([...chosen.values()].map(redriveOf));
    } catch (error) {
      io.err(
        `newswire dlq redrive: marked ${chosen.size} record(s) as redriven but sending them failed ` +
          `(${(error as Error).message}); send them with --again and the same filter`,
      );
      return 1;
    }
    io.out(JSON.stringify({ redriven: chosen.size, skipped }));
    io.err(
      `redrove ${chosen.size} record(s) to their original topics` +
        (skipped
          ? `; skipped ${skipped} already redriven or of the same origin (--again sends those once more)`
          : ''),
    );
    return 0;
  });
}
