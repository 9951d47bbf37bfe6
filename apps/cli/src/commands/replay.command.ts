import { stageGroupId } from '@newswire/config';
import type { InMessage, MessageBus } from '@newswire/kafka';
import { createLogger } from '@newswire/observability';
import { rebuildReadModel } from '@newswire/runtime';
import {
  openReadModelReader,
  openReadModelSchemas,
  openReadModelStore,
  type DatabaseOptions,
  type ReadModelSchemas,
  type ReadModelStore,
} from '@newswire/storage';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';
import { withBus } from '../cli-context';
import { Progress } from '../progress';

const SPEC = {
  name: 'replay',
  usage: 'replay projections [--from-beginning | --from-timestamp T] [--verify]',
  help: `Rebuilds the read model from article.events.v1 into a schema beside the live one (resuming an
interrupted run), then switches it live.

  --from-beginning    start over, not from where an interrupted run stopped
  --from-timestamp T  start over from the events at or after T (ISO-8601)
  --verify            rebuild into a scratch schema and compare digests with the live read model
                      instead of switching`,
  options: {
    'from-beginning': { type: 'boolean' },
    'from-timestamp': { type: 'string' },
    verify: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire replay projections [--from-beginning | --from-timestamp T] [--verify]`
 *
 * Rebuilds the read model from article.events.v1 into `<schema>_replay` beside the live schema,
 * at bulk speed (the runtime's rebuildReadModel: each article folded in memory and written once,
 * indexes built at the end),
 * resuming where an interrupted run stopped (its progress is the offsets stored in that schema),
 * then switches it live by renaming schemas in one transaction. A running projector notices that
 * the live read model's offsets are behind its position and reads again from there, so no event
 * between the end of the replay and the switch is lost. `--verify` rebuilds into a scratch schema
 * and compares digests with the live read model instead of switching.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const { positionals, values: flags } = parsed;
  if (positionals[0] !== 'projections') {
    io.err(`newswire replay: unknown read model '${positionals[0]}'\nusage: newswire ${SPEC.usage}`);
    return 2;
  }
  let fromTimestamp: number | undefined;
  if (typeof flags['from-timestamp'] === 'string') {
    fromTimestamp = Date.parse(flags['from-timestamp']);
    if (Number.isNaN(fromTimestamp)) {
      io.err(`--from-timestamp: not an ISO-8601 time: ${flags['from-timestamp']}`);
      return 2;
    }
  }
  return withBus(async ({ bus, topics, config }) => {
    const db = { databaseUrl: config.db.url, dataDir: config.db.dataDir };
    const live = config.db.schema;
    const group = stageGroupId(config.kafka, 'projector');
    const target = flags.verify ? `${live}_verify` : `${live}_replay`;
    const schemas = await openReadModelSchemas(db);
    try {
      if (flags.verify || flags['from-beginning'] || fromTimestamp !== undefined) await schemas.drop(target);
      const resuming = await schemas.exists(target);
      const store = await openReadModelStore({ ...db, schema: target });
      let applied: number;
      let verdict: number | undefined;
      try {
        if (resuming) io.err(`resuming the replay in schema ${target}`);
        const applies =
          fromTimestamp === undefined
            ? undefined
            : await sinceTimestamp({
                bus,
                schemas,
                from: live,
                to: target,
                group,
                topic: topics.events,
                fromTimestamp,
                io,
              });
        const progress = new Progress('replay', 0);
        applied = await rebuildReadModel(
          { bus, writer: store, logger: createLogger('replay', config.logLevel, 2) },
          {
            topic: topics.events,
            group,
            applies,
            onProgress: (stored, total) => progress.add(stored, total),
          },
        );
        const { seconds, perSecond } = progress.finish();
        io.err(`replayed ${applied} events in ${seconds.toFixed(1)} s (${Math.round(perSecond)} events/s)`);
        if (flags.verify) verdict = await verify(store, { ...db, schema: live }, io);
      } finally {
        await store.close();
      }
      if (verdict !== undefined) {
        await schemas.drop(target);
        return verdict;
      }
      const { previous } = await schemas.switchLive({ live, replacement: target });
      io.out(JSON.stringify({ switched: true, live, replayedEvents: applied, previous: previous ?? null }));
      io.err(
        `read model rebuilt and switched live (${live}); the old one is kept as ${previous ?? '(none)'}`,
      );
      return 0;
    } finally {
      await schemas.close();
    }
  });
}

/**
 * `--from-timestamp T`: the articles with events since T are rebuilt from their whole history (an
 * article is a fold over all its events, so it cannot start at T), and the others are copied from
 * the live model. Returns which events to apply: those of the rebuilt articles, and any the copied
 * rows have not seen yet (events apply once per sequence, so the overlap is harmless).
 */
async function sinceTimestamp(o: {
  bus: MessageBus;
  schemas: ReadModelSchemas;
  from: string;
  to: string;
  group: string;
  topic: string;
  fromTimestamp: number;
  io: CliIo;
}): Promise<(m: InMessage) => boolean> {
  const rebuilt = new Set<string>();
  await o.bus.readToEnd(
    o.topic,
    (batch) => {
      for (const m of batch) if (m.key) rebuilt.add(m.key.toString('utf8'));
    },
    { fromTimestamp: o.fromTimestamp },
  );
  const seen = await o.schemas.copyArticles({ ...o, except: [...rebuilt] });
  o.io.err(
    `${rebuilt.size} article(s) with events since ${new Date(o.fromTimestamp).toISOString()} are rebuilt; the rest are copied from ${o.from}`,
  );
  return (m) =>
    (m.key !== null && rebuilt.has(m.key.toString('utf8'))) ||
    BigInt(m.offset) >= BigInt(seen.get(m.partition) ?? 0);
}

async function verify(
  scratch: ReadModelStore,
  liveDb: DatabaseOptions & { schema: string },
  io: CliIo,
): Promise<number> {
  const liveStore = await openReadModelReader(liveDb);
  try {
    const [a, b] = await Promise.all([liveStore.digest(), scratch.digest()]);
    const ids = new Set([...a.perArticle.keys(), ...b.perArticle.keys()]);
    const differ = [...ids].filter((id) => a.perArticle.get(id) !== b.perArticle.get(id)).sort();
    io.out(
      JSON.stringify({
        identical: a.digest === b.digest,
        liveDigest: a.digest,
        replayDigest: b.digest,
        articles: ids.size,
        differ,
      }),
    );
    io.err(
      a.digest === b.digest
        ? 'identical: the live read model equals a rebuild from the log'
        : `${differ.length} article(s) differ`,
    );
    return a.digest === b.digest ? 0 : 1;
  } finally {
    await liveStore.close();
  }
}
