import { readWireFile } from '../wire-files';
import { WireFormat } from '@newswire/contracts';
import { normalize, toNinjs22, toNinjs31, WireFormatError } from '@newswire/wire-formats';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';

const RENDER = {
  canonical: (story: object) => story,
  ninjs: toNinjs31,
  ninjs2: toNinjs22,
} as const;

const SPEC = {
  name: 'normalize',
  usage: 'normalize FILE [--format F] [--as canonical|ninjs|ninjs2] [--content-type T] [--source S]',
  help: `Prints FILE's stories as JSON: one story as an object, a feed or newsMessage as an array.
A file that is not a story exits 1 with the error code and reason on stderr.

  --format F          read FILE as this wire format instead of sniffing it (${WireFormat.options.join(', ')})
  --as R              canonical stories (the default), ninjs (3.1) or ninjs2 (2.2)
  --content-type T    the content type the wire would send (its charset decodes FILE)
  --source S          the feed id, as the wire-source header gives it`,
  options: {
    format: { type: 'string' },
    as: { type: 'string' },
    'content-type': { type: 'string' },
    source: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire normalize FILE`: the file's stories as JSON on stdout (one story: an object; a feed
 * or newsMessage: an array), as canonical stories, ninjs 3.1 or ninjs 2.2. A file that is not a
 * story exits 1 with the error code and reason on stderr; what was read with a loss is a warning
 * there.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [file] = positionals;
  const as = values.as ?? 'canonical';
  const format = values.format === undefined ? undefined : WireFormat.safeParse(values.format);
  if (!(as in RENDER) || (format && !format.success)) {
    io.err(`newswire normalize: unknown ${format && !format.success ? `format '${values.format}'` : `--as '${as}'`}
usage: newswire ${SPEC.usage}\nformats: ${WireFormat.options.join(', ')}`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readWireFile(file);
  } catch (error) {
    io.err(`newswire normalize: cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  try {
    const stories = normalize(bytes, {
      format: format?.data,
      contentType: values['content-type'],
      source: values.source,
      onWarning: (message) => io.err(`newswire normalize: warning: ${message}`),
    });
    const rendered = stories.map(RENDER[as as keyof typeof RENDER]);
    io.out(JSON.stringify(rendered.length === 1 ? rendered[0] : rendered, null, 2));
    return 0;
  } catch (error) {
    if (!(error instanceof WireFormatError)) throw error;
    io.err(`newswire normalize: ${error.code}: ${error.message}`);
    return 1;
  }
}
