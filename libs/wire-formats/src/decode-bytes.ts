import chardet from 'chardet';
import { TextDecoder } from 'node:util';
import * as iconv from 'iconv-lite';
import { WireFormatError } from './wire-format.error';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');
/** Below this chardet is guessing (a word or two of accented Latin reads as anything). */
const MIN_CONFIDENCE = 20;

/**
 * Bytes to text. The first of these decides the charset: a byte-order mark, the `charset`
 * parameter of the content type, an XML declaration; otherwise strict UTF-8. Bytes that are not
 * UTF-8 are UTF-8 with damage when most of their non-ASCII characters still decode (each bad
 * sequence becomes U+FFFD and `warn` hears of it), else a legacy charset that chardet detects.
 * A declared label means what the WHATWG Encoding standard says (iso-8859-1 is windows-1252).
 */
export function decodeBytes(
  bytes: Uint8Array,
  contentType?: string,
  warn: (message: string) => void = () => undefined,
): string {
  const bom = bomCharset(bytes);
  if (bom) return decodeAs(bytes.subarray(bom.length), bom.charset);
  const declared = charsetParam(contentType) ?? xmlDeclaredCharset(bytes);
  const text = declared ? decodeAs(bytes, declared) : detectAndDecode(bytes, warn);
  rejectBinary(text);
  return text;
}

function bomCharset(b: Uint8Array): { charset: string; length: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

function charsetParam(contentType?: string): string | undefined {
  const m = contentType ? /;\s*charset\s*=\s*"?([A-Za-z0-9_.:-]{1,40})"?/i.exec(contentType) : null;
  return m?.[1];
}

function xmlDeclaredCharset(b: Uint8Array): string | undefined {
  // The declaration is ASCII and must come first; 200 bytes is more than any real one needs.
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 200)).toString('latin1');
  const m = /^\s*<\?xml[^>]{0,150}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})["']/.exec(head);
  return m?.[1];
}

/**
 * The platform's TextDecoder knows the WHATWG labels (iso-8859-1 and latin1 name windows-1252);
 * iconv-lite decodes, since node's own windows-1252 decoder is Latin-1 (0x93 becomes U+0093, not
 * a curly quote), and reads charsets outside the standard too (old IBM code pages such as cp850).
 * The few WHATWG encodings iconv-lite lacks (iso-2022-jp, x-mac-cyrillic) go to the platform.
 */
function decodeAs(bytes: Uint8Array, charset: string): string {
  let decoder: TextDecoder | undefined;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    // not a WHATWG label
  }
  const name = decoder?.encoding ?? charset;
  if (name === 'utf-8') {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new WireFormatError('BAD_ENCODING', 'bytes are not valid UTF-8 although UTF-8 was declared');
    }
  }
  if (iconv.encodingExists(name))
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), name, { stripBOM: true });
  if (decoder) return decoder.decode(bytes);
  throw new WireFormatError('BAD_ENCODING', `unknown charset '${charset}'`);
}

function detectAndDecode(bytes: Uint8Array, warn: (message: string) => void): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // not UTF-8 throughout: damaged UTF-8, or a legacy charset
  }
  const lenient = utf8Lenient.decode(bytes);
  let replaced = 0;
  let decoded = 0;
  for (let i = 0; i < lenient.length; i++) {
    const c = lenient.charCodeAt(i);
    if (c === 0xfffd) replaced++;
    else if (c >= 0x80) decoded++;
  }
  // Legacy 8-bit text almost never forms a valid UTF-8 sequence, let alone as many as it has bad ones.
  if (decoded >= replaced) {
    warn(
      `${replaced} invalid UTF-8 sequence${replaced === 1 ? '' : 's'} in undeclared UTF-8, read as U+FFFD`,
    );
    return lenient;
  }
  const guess = chardet.analyse(bytes)[0];
  return decodeAs(bytes, guess && guess.confidence >= MIN_CONFIDENCE ? guess.name : 'windows-1252');
}

/** What `rejectBinary` counts: NUL and the C0 controls but tab, CR, LF and the teletype framing codes. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000\u0005-\u0008\u000b\u000c\u000e-\u0015\u0017-\u001d]/;
const BINARY_WINDOW = 4096;

/** Text that is mostly control characters is binary, not a wire story in any charset. */
function rejectBinary(text: string): void {
  // Nearly every story has none in its first 4 kB: one regex scan says so in half the time of
  // the counting loop below (decodeBytes of a 5 kB story: 4.7 µs, was 9.3).
  if (!CONTROL.test(text.length > BINARY_WINDOW ? text.slice(0, BINARY_WINDOW) : text)) return;
  let control = 0;
  const n = Math.min(text.length, BINARY_WINDOW);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // NUL never occurs in text; the teletype framing codes (SOH, STX, ETX, EOT, SYN) do.
    if (c === 0) throw new WireFormatError('BAD_ENCODING', 'input holds NUL bytes: binary, not text');
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c > 4 && c !== 0x16 && c !== 0x1e && c !== 0x1f)
      control++;
  }
  if (n > 0 && control / n > 0.05) {
    throw new WireFormatError('BAD_ENCODING', 'input is mostly control characters: binary, not text');
  }
}
