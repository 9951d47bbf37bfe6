import * as iconv from 'iconv-lite';
import { WireFormatError } from './wire-format.error';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes to text. The first of these decides the charset: a byte-order mark, the `charset`
 * parameter of the content type, an XML declaration; otherwise strict UTF-8, and when that
 * fails, Windows-1256 if Arabic-range bytes dominate, else ISO-8859-1 (which decodes anything).
 */
export function decodeBytes(bytes: Uint8Array, contentType?: string): string {
  const bom = bomCharset(bytes);
  if (bom) return decodeAs(bytes.subarray(bom.length), bom.charset);
  const declared = charsetParam(contentType) ?? xmlDeclaredCharset(bytes);
  const text = declared ? decodeAs(bytes, declared) : detectAndDecode(bytes);
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

function decodeAs(bytes: Uint8Array, charset: string): string {
  const name = charset.toLowerCase();
  if (name === 'utf-8' || name === 'utf8') {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new WireFormatError('BAD_ENCODING', 'bytes are not valid UTF-8 although UTF-8 was declared');
    }
  }
  if (!iconv.encodingExists(name)) {
    throw new WireFormatError('BAD_ENCODING', `unknown charset '${charset}'`);
  }
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), name, { stripBOM: true });
}

function detectAndDecode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return decodeAs(bytes, arabicBytesDominate(bytes) ? 'windows-1256' : 'latin1');
  }
}

/**
 * In Windows-1256 Arabic and Persian letters sit at 0x81-0xFE, so Arabic copy is mostly high
 * bytes; Latin-1 text in a Western language has only the odd accented letter among ASCII ones.
 */
function arabicBytesDominate(bytes: Uint8Array): boolean {
  let high = 0;
  let letters = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c >= 0x80) high++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) letters++;
  }
  return high > letters;
}

/** Text that is mostly control characters is binary, not a wire story in any charset. */
function rejectBinary(text: string): void {
  let control = 0;
  const n = Math.min(text.length, 4096);
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
