import { HEADERS } from '@newswire/contracts';
import type { InMessage, OutMessage } from '@newswire/kafka';
import { parseArgs, type CliIo } from '../command';
import { withBus } from '../cli-context';

const DLQ_HEADERS = new Set<string>(Object.values(HEADERS.dlq));

/** One DLQ record as ops see it in a listing. */
export function describeDeadLetter(m: InMessage) {
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
  };
}

/** The original message, as it was before it failed: same bytes, key and headers, to its original topic. */
export function redriveOf(m: InMessage): OutMessage {
  const headers = Object.fromEntries(Object.entries(m.headers).filter(([k]) => !DLQ_HEADERS.has(k)));
  return { topic: m.headers[HEADERS.dlq.topic], key: m.key, value: m.value, headers };
}

const USAGE =
  'usage: newswire dlq list|show OFFSET|redrive [--code C] [--stage S] [--offset N] [--partition P] [--raw] [--all]';
const FILTERS = ['code', 'stage', 'offset', 'partition'];

/**
 * `newswire dlq list [--code C] [--stage S]` | `dlq show OFFSET [--partition P] [--raw]` |
 * `dlq redrive --code C | --stage S | --offset N | --all`: inspect and redrive the dead-letter topic.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args, ['raw', 'all']);
  const [action, offsetArg] = positionals;
  if (!['list', 'show', 'redrive'].includes(action ?? '')) {
    io.err(USAGE);
    return 2;
  }
  // The topic keeps every record, earlier redrives' included: sending all of it again is a choice
  // to make on purpose.
  if (action === 'redrive' && !flags.all && !FILTERS.some((f) => typeof flags[f] === 'string')) {
    io.err(
      `newswire dlq redrive: say which records (--code, --stage, --offset, --partition) or --all\n${USAGE}`,
    );
    return 2;
  }
  return withBus(async ({ bus, topics }) => {
    const records: InMessage[] = [];
    await bus.readToEnd(topics.dlq, (batch) => {
      records.push(...batch);
    });
    const selected = records.filter(
      (m) =>
        (typeof flags.code !== 'string' || m.headers[HEADERS.dlq.code] === flags.code) &&
        (typeof flags.stage !== 'string' || m.headers[HEADERS.dlq.stage] === flags.stage) &&
        (typeof flags.partition !== 'string' || m.partition === Number(flags.partition)) &&
        (typeof flags.offset !== 'string' || m.offset === flags.offset),
    );
    if (action === 'list') {
      for (const m of selected) io.out(JSON.stringify(describeDeadLetter(m)));
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
    const producer = await bus.producer();
    await producer.send(selected.map(redriveOf));
    io.out(JSON.stringify({ redriven: selected.length }));
    io.err(`redrove ${selected.length} record(s) to their original topics`);
    return 0;
  });
}
