import { readFileSync } from 'node:fs';
import { HEADERS, subscriptionDlqTopic, subscriptionTopic, type Subscription } from '@newswire/contracts';
import type { InMessage } from '@newswire/kafka';
import { parseSubscriptionsFile } from '@newswire/routing';
import { loadConfig } from '@newswire/config';
import { withBus } from '../cli-context';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';

const SPEC = {
  name: 'subscriptions',
  usage: 'subscriptions list | redrive NAME [--file F]',
  help: `The router's subscriptions (those of ROUTER_SUBSCRIPTIONS_FILE, or of --file F).
  list                one JSON line per subscription: name, format, delivery, its topic (never a secret)
  redrive NAME        sends the webhook subscription's dead letters not yet redriven back to its
                      queue (article.out.v1.NAME), where the router delivers them again, in order

  --file F            the subscriptions file instead of ROUTER_SUBSCRIPTIONS_FILE`,
  options: { file: { type: 'string' } },
  positionals: { min: 1, max: 2 },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * A record on a subscriber's dead-letter topic saying that every dead letter before `through` has
 * been sent back, so that a later redrive sends only what died since.
 */
const MARKER = 'newswire-redriven-through';

/** `newswire subscriptions`: lists the subscriptions; `redrive NAME` sends a subscriber's dead letters back. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const [sub, name] = parsed.positionals;
  const config = loadConfig();
  const file = parsed.values.file ?? config.router.subscriptionsFile;
  const prefix = config.kafka.topicPrefix;
  try {
    if (!file) throw new Error('no subscriptions file: set ROUTER_SUBSCRIPTIONS_FILE or give --file F');
    const subscriptions = parseSubscriptionsFile(readFileSync(file, 'utf8'), file);
    if (sub === 'list' && !name) {
      for (const s of subscriptions) io.out(JSON.stringify(describe(s, prefix)));
      return 0;
    }
    if (sub === 'redrive' && name) {
      const s = subscriptions.find((x) => x.name === name);
      if (!s) throw new Error(`no subscription '${name}' in ${file}`);
      if (s.delivery.kind !== 'webhook')
        throw new Error(`'${name}' is a Kafka subscription: it has no dead letters`);
      io.out(JSON.stringify(await redrive(prefix, name)));
      return 0;
    }
  } catch (error) {
    io.err(`newswire subscriptions: ${(error as Error).message}`);
    return 1;
  }
  io.err(`usage: newswire ${SPEC.usage}`);
  return 2;
}

function describe(s: Subscription, prefix: string): Record<string, unknown> {
  return {
    name: s.name,
    format: s.format,
    delivery: s.delivery.kind === 'webhook' ? { kind: 'webhook', url: s.delivery.url } : { kind: 'kafka' },
    topic: subscriptionTopic(prefix, s.name),
    filter: s.filter,
  };
}

async function redrive(prefix: string, name: string): Promise<{ redriven: number }> {
  const dlq = subscriptionDlqTopic(prefix, name);
  return withBus(async ({ bus }) => {
    const records: InMessage[] = [];
    let through = 0n;
    await bus.readToEnd(dlq, (batch) => {
      for (const m of batch) {
        if (m.headers[MARKER] !== undefined) through = BigInt(m.headers[MARKER]);
        else records.push(m);
      }
    });
    const todo = records.filter((m) => BigInt(m.offset) >= through);
    if (!todo.length) return { redriven: 0 };
    const producer = await bus.producer({ idempotent: true });
    try {
      await producer.send(
        todo.map((m) => ({
          topic: subscriptionTopic(prefix, name),
          key: m.key,
          value: m.value,
          headers: {
            ...Object.fromEntries(Object.entries(m.headers).filter(([k]) => !k.startsWith('dlq-'))),
            [HEADERS.redriveOf]: `${m.partition}:${m.offset}`,
          },
        })),
      );
      // Only once the copies are written: a redrive that failed before is sent again in full.
      const next = String(BigInt(todo[todo.length - 1].offset) + 1n);
      await producer.send([{ topic: dlq, key: null, value: null, headers: { [MARKER]: next } }]);
    } finally {
      await producer.close();
    }
    return { redriven: todo.length };
  });
}
