import { readWireFile } from '../wire-files';
import { attributeStory } from '@newswire/attribution';
import { WireFormat } from '@newswire/contracts';
import { normalize } from '@newswire/wire-formats';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';

const SPEC = {
  name: 'attribute',
  usage: 'attribute FILE [--format F] [--content-type T]',
  help: `Prints who reported what in FILE's stories: {"attributions": [...]} as one JSON line per
story (with the story's guid when FILE holds several, since offsets index into that story's body).

  --format F          read FILE as this wire format instead of sniffing it (${WireFormat.options.join(', ')})
  --content-type T    the content type the wire would send (its charset decodes FILE)`,
  options: { format: { type: 'string' }, 'content-type': { type: 'string' } },
  positionals: { min: 1, max: 1 },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire attribute FILE`: normalizes the file (any format `normalize` reads) and prints
 * `{"attributions": [...]}` on stdout, one line per story (a feed holds several; each line
 * then also carries the story's guid, since offsets index into that story's body).
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [file] = positionals;
  const format = values.format === undefined ? undefined : WireFormat.safeParse(values.format);
  if (format && !format.success) {
    io.err(`newswire attribute: unknown format '${values.format}' (one of ${WireFormat.options.join(', ')})`);
    return 2;
  }
  try {
    const bytes = readWireFile(file);
    const stories = normalize(bytes, {
      format: format?.data,
      contentType: values['content-type'],
      onWarning: (message) => io.err(`newswire attribute: warning: ${message}`),
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
