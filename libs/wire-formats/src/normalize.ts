import { CanonicalStory, type WireFormat } from '@newswire/contracts';
import { parseAgencyText } from './agency-text.parser';
import { parseAnpa1312 } from './anpa1312.parser';
import { parseAtom } from './atom.parser';
import { buildStory, type StoryDraft } from './build-story';
import { decodeBytes } from './decode-bytes';
import { parseIptc7901 } from './iptc7901.parser';
import { parseNewsml1 } from './newsml-1.parser';
import { parseNewsmlG2 } from './newsml-g2.parser';
import { parseNinjs } from './ninjs.parser';
import { parseNitf } from './nitf.parser';
import { parsePlainText } from './plain-text.parser';
import { parseRss } from './rss.parser';
import { sniffFormat } from './sniff-format';
import { WireFormatError } from './wire-format.error';
import { assertSafeXml } from './xml-document';

export interface NormalizeOptions {
  /** The `content-type` header: charset and, when specific, the format. */
  contentType?: string;
  /** The `wire-source` header: wins over the wire's own provider. */
  source?: string;
  /** Skip sniffing. */
  format?: WireFormat;
  /** Default 5 MB. */
  maxBytes?: number;
  /** Hears what was read with a loss, e.g. invalid UTF-8 sequences read as U+FFFD. */
  onWarning?: (message: string) => void;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

const PARSERS: Record<WireFormat, (text: string) => StoryDraft[]> = {
  'plain-text': parsePlainText,
  'agency-text': parseAgencyText,
  ninjs: parseNinjs,
  'newsml-g2': parseNewsmlG2,
  nitf: parseNitf,
  'newsml-1': parseNewsml1,
  iptc7901: parseIptc7901,
  anpa1312: parseAnpa1312,
  rss: parseRss,
  atom: parseAtom,
};

// Node 20 has it natively; TypeScript's lib (ES2023) does not declare it yet.
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * A NUL or an unpaired surrogate (both easy to write in JSON: `\u0000`, `\ud800`) in any string of
 * the story. PostgreSQL refuses both in text, so a story holding one would stop the projector at
 * every retry: it is refused here, where its bytes can still go to the dead-letter topic.
 */
function unstorableText(value: unknown, path = 'story'): { path: string; what: string } | undefined {
  if (typeof value === 'string') {
    // Both native scans, not one regex: V8 answers isWellFormed of a one-byte string without
    // reading it and finds a NUL with memchr (a character-class regex read every character).
    if (value.includes('\u0000')) return { path, what: 'a NUL character' };
    if (!wellFormed(value)) return { path, what: 'an unpaired UTF-16 surrogate' };
    return undefined;
  }
  if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      // Made from the headline and body, which are checked: scanning the whole text twice costs.
      if (k === 'canonicalText') continue;
      const found = unstorableText(v, `${path}.${k}`);
      if (found) return found;
    }
  return undefined;
}

/**
 * Wire bytes to canonical stories (several for a feed or a newsMessage). Every failure is a
 * `WireFormatError` with a DLQ code; checks run cheapest first: size, encoding, emptiness,
 * hostile XML, then the parser.
 */
export function normalize(bytes: Uint8Array, opts: NormalizeOptions = {}): CanonicalStory[] {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > max)
    throw new WireFormatError('TOO_LARGE', `input is ${bytes.length} bytes, the limit is ${max}`);
  const decoded = decodeBytes(bytes, opts.contentType, opts.onWarning);
  if (decoded.trim().length === 0)
    throw new WireFormatError('EMPTY_BODY', 'input is empty or only whitespace');
  // XML goes on without its DOCTYPE: no parser after this ever sees a DTD.
  const text = decoded.trimStart().startsWith('<') ? assertSafeXml(decoded) : decoded;
  const format = opts.format ?? sniffFormat(text, opts.contentType);
  let drafts: StoryDraft[];
  try {
    drafts = PARSERS[format](text);
  } catch (e) {
    if (e instanceof WireFormatError) throw e;
    // A parser bug or a library's own error on hostile input must still end as a DLQ record.
    throw new WireFormatError(
      'MALFORMED',
      `could not read ${format}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const stories = drafts.map((d) => buildStory(d, { format, source: opts.source }));
  const readable = stories.filter(
    (s) => s.headline !== '' || s.body.length > 0 || s.signals.length > 0 || s.pubStatus !== 'usable',
  );
  if (readable.length === 0)
    throw new WireFormatError('EMPTY_BODY', `${format} input holds no headline and no body`);
  for (const story of readable) {
    const unstorable = unstorableText(story);
    if (unstorable)
      throw new WireFormatError(
        'BAD_ENCODING',
        `${unstorable.path} holds ${unstorable.what}, which no text column or JSON reader downstream accepts`,
      );
    const check = CanonicalStory.safeParse(story);
    if (!check.success) {
      throw new WireFormatError(
        'SCHEMA_VIOLATION',
        `story does not fit the canonical schema: ${check.error.issues[0]?.message}`,
      );
    }
  }
  return readable;
}
