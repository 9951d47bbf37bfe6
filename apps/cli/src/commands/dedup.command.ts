import { readFile, stat } from 'node:fs/promises';
import { defaultRegistry, extractAttributions } from '@newswire/attribution';
import { TOPICS, storyKey } from '@newswire/contracts';
import { decide, evolve, initialIndex } from '@newswire/dedup';
import { normalize } from '@newswire/wire-formats';
import { parseArgs, type CliIo } from '../command';

const USAGE = 'usage: newswire dedup FILE... [--source S]';

/**
 * `newswire dedup FILE...`: normalize -> attribute -> curate, in memory and in the order given,
 * with the curator's own decide/evolve. One JSON line per file (per story, for a feed):
 * `{"file", "decision", "articleId", "match": {"articleId", "by", "similarity"}}`.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args);
  if (positionals.length === 0) {
    io.err(USAGE);
    return 2;
  }
  const source = typeof flags.source === 'string' ? flags.source : undefined;
  const registry = defaultRegistry();
  const index = initialIndex();
  let failed = 0;
  for (const [n, file] of positionals.entries()) {
    try {
      const bytes = await readFile(file);
      // A story without dates was "received" when the file was last written.
      const fileTime = (await stat(file)).mtime.toISOString().replace(/\.\d{3}Z$/, 'Z');
      const stories = normalize(bytes, { source });
      for (const story of stories) {
        const receivedAt = story.versionCreated ?? story.firstCreated ?? fileTime;
        const { decision, events } = decide(
          {
            message: {
              schemaVersion: 1,
              traceId: `cli-${n}`,
              receivedAt,
              story,
              attributions: extractAttributions(story, registry),
              registryVersion: registry.version,
            },
            causation: { topic: TOPICS.enriched, partition: 0, offset: String(n), storyKey: storyKey(story) },
          },
          index,
        );
        events.forEach((e) => evolve(index, e));
        const { kind, articleId, match } = decision;
        const guid = stories.length > 1 ? { guid: story.guid } : {};
        io.out(JSON.stringify({ file, ...guid, decision: kind, articleId, ...(match ? { match } : {}) }));
      }
    } catch (error) {
      failed++;
      const code = (error as { code?: unknown }).code;
      io.err(
        `newswire dedup: ${file}: ${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return failed ? 1 : 0;
}
