import { readWireFile } from '../wire-files';
import { attributeStory } from '@newswire/attribution';
import { WireFormat } from '@newswire/contracts';
import { normalize } from '@newswire/wire-formats';
import { parseArgs, type CliIo } from '../command';

const USAGE = 'usage: newswire attribute FILE [--format F] [--content-type T]';

/**
 * `newswire attribute FILE`: normalizes the file (any format `normalize` reads) and prints
 * `{"attributions": [...]}` on stdout, one line per story (a feed holds several; each line
 * then also carries the story's guid, since offsets index into that story's body).
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args);
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    io.err(USAGE);
    return 2;
  }
  const format = flags.format === undefined ? undefined : WireFormat.safeParse(flags.format);
  if (format && !format.success) {
    io.err(
      `newswire attribute: unknown format '${String(flags.format)}' (one of ${WireFormat.options.join(', ')})`,
    );
    return 2;
  }
  try {
    const bytes = readWireFile(file);
    const stories = normalize(bytes, {
      format: format?.data,
      contentType: typeof flags['content-type'] === 'string' ? flags['content-type'] : undefined,
    });
    for (const story of stories) {
      const { attributions, truncated } = attributeStory(story);
      // A story past the caps (a flood of cues) is cut, not refused: say how much was left out.
      if (truncated > 0)
        io.err(
          `newswire attribute: ${story.guid}: ${truncated} source mention(s) past the caps left unexamined`,
        );
      io.out(JSON.stringify(stories.length > 1 ? { guid: story.guid, attributions } : { attributions }));
    }
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = error instanceof Error ? error.message : String(error);
    const prefix = typeof code === 'string' && !reason.startsWith(code) ? `${code}: ` : '';
    io.err(`newswire attribute: ${prefix}${reason}`);
    return 1;
  }
}
