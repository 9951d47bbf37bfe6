import { stat } from 'node:fs/promises';
import { readWireFile } from '../wire-files';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';
import { InMemoryPipeline } from '../in-memory-pipeline';

const SPEC = {
  name: 'dedup',
  usage: 'dedup FILE... [--source S]',
  help: `Runs each FILE, in the order given, through normalize, attribute and the curator's dedup in
memory, and prints one JSON line per file (per story, for a feed): {"file", "decision",
"articleId", "match": {"articleId", "by", "similarity", "explanation"}}.

  --source S    the feed id every FILE comes from (the wire-source header)`,
  options: { source: { type: 'string' } },
  positionals: { min: 1, max: Infinity },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire dedup FILE...`: normalize -> attribute -> curate, in memory and in the order given,
 * with the curator's own decide/evolve. One JSON line per file (per story, for a feed):
 * `{"file", "decision", "articleId", "match": {"articleId", "by", "similarity", "explanation"}}`,
 * where a copy's or a related story's explanation says what matched: `{"measure", "value",
 * "sharedPassages", "sharedNames"}`.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const source = values.source;
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
