import { stat } from 'node:fs/promises';
import { readWireFile } from '../wire-files';
import { parseArgs, type CliIo } from '../command';
import { InMemoryPipeline } from '../in-memory-pipeline';

const USAGE = 'usage: newswire dedup FILE... [--source S]';

/**
 * `newswire dedup FILE...`: normalize -> attribute -> curate, in memory and in the order given,
 * with the curator's own decide/evolve. One JSON line per file (per story, for a feed):
 * `{"file", "decision", "articleId", "match": {"articleId", "by", "similarity", "explanation"}}`,
 * where a copy's or a related story's explanation says what matched: `{"measure", "value",
 * "sharedPassages", "sharedNames"}`.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args);
  if (positionals.length === 0) {
    io.err(USAGE);
    return 2;
  }
  const source = typeof flags.source === 'string' ? flags.source : undefined;
  const pipeline = new InMemoryPipeline();
  let failed = 0;
  for (const file of positionals) {
    try {
      const bytes = readWireFile(file);
      // A story without dates was "received" when the file was last written.
      const fileTime = (await stat(file)).mtime.toISOString().replace(/\.\d{3}Z$/, 'Z');
      const curated = pipeline.process(bytes, {
        source,
        receivedAt: (story) => story.versionCreated ?? story.firstCreated ?? fileTime,
      });
      for (const { story, decision } of curated) {
        const { kind, articleId, match } = decision;
        const guid = curated.length > 1 ? { guid: story.guid } : {};
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
