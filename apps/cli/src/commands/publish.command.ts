import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { HEADERS } from '@newswire/contracts';
import { parseArgs, type CliIo } from '../command';
import { withBus } from '../cli-context';
import { contentTypeOf, wireFiles } from '../wire-files';

/**
 * `newswire publish FILE|DIR... [--source FEED]`: sends wire files to wire.raw.v1 as raw bytes.
 * Messages of one feed share a key, so a feed's stories keep their order (a revision after its
 * original). Without --source the wire's own provider names the source.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args);
  if (positionals.length === 0) {
    io.err('usage: newswire publish FILE|DIR... [--source FEED]');
    return 2;
  }
  const files = wireFiles(positionals);
  return withBus(async ({ bus, topics }) => {
    const producer = await bus.producer();
    const sent = files.map((file) => {
      const source = typeof flags.source === 'string' ? flags.source : undefined;
      const traceId = randomUUID();
      const contentType = contentTypeOf(file);
      return {
        file,
        traceId,
        message: {
          topic: topics.raw,
          key: source ?? 'cli',
          value: readFileSync(file),
          headers: {
            ...(source ? { [HEADERS.wireSource]: source } : {}),
            [HEADERS.receivedAt]: new Date().toISOString(),
            [HEADERS.traceId]: traceId,
            ...(contentType ? { [HEADERS.contentType]: contentType } : {}),
          },
        },
      };
    });
    await producer.send(sent.map((s) => s.message));
    for (const s of sent)
      io.out(JSON.stringify({ file: s.file, name: basename(s.file), traceId: s.traceId, topic: topics.raw }));
    io.err(`published ${sent.length} file(s) to ${topics.raw}`);
    return 0;
  });
}
