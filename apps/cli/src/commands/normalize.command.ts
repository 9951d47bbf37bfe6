import { readWireFile } from '../wire-files';
import { WireFormat } from '@newswire/contracts';
import { normalize, toNinjs22, toNinjs31, WireFormatError } from '@newswire/wire-formats';
import { parseArgs, type CliIo } from '../command';

const USAGE =
  'usage: newswire normalize FILE [--format F] [--as canonical|ninjs|ninjs2] [--content-type T] [--source S]';
const RENDER = {
  canonical: (story: object) => story,
  ninjs: toNinjs31,
  ninjs2: toNinjs22,
} as const;

/**
 * `newswire normalize FILE`: the file's stories as JSON on stdout (one story: an object; a feed
 * or newsMessage: an array), as canonical stories, ninjs 3.1 or ninjs 2.2. A file that is not a
 * story exits 1 with the error code and reason on stderr.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args);
  const [file] = positionals;
  const as = typeof flags.as === 'string' ? flags.as : 'canonical';
  const format = flags.format === undefined ? undefined : WireFormat.safeParse(flags.format);
  if (!file || positionals.length > 1 || !(as in RENDER) || (format && !format.success)) {
    io.err(`${USAGE}\nformats: ${WireFormat.options.join(', ')}`);
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
      contentType: typeof flags['content-type'] === 'string' ? flags['content-type'] : undefined,
      source: typeof flags.source === 'string' ? flags.source : undefined,
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
