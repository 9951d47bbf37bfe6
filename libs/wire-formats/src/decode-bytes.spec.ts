import * as iconv from 'iconv-lite';
import { decodeBytes } from './decode-bytes';

const arabic = 'ذكرت وكالة سانا أن الوزير وصل إلى دمشق';

describe('decodeBytes', () => {
  it('reads UTF-16LE and UTF-16BE from their byte-order marks', () => {
    expect(
      decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('سلام Tehran', 'utf16le')])),
    ).toBe('سلام Tehran');
    const be = Buffer.from('سلام', 'utf16le').swap16();
    expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe('سلام');
  });

  it('strips a UTF-8 byte-order mark', () => {
    expect(decodeBytes(Buffer.from('\uFEFFhello', 'utf8'))).toBe('hello');
  });

  it('uses the charset parameter of the content type', () => {
    expect(decodeBytes(iconv.encode(arabic, 'windows-1256'), 'text/plain; charset=windows-1256')).toBe(
      arabic,
    );
  });

  it('uses the encoding in the XML declaration', () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><a>Zürich café</a>';
    expect(decodeBytes(iconv.encode(xml, 'latin1'))).toBe(xml);
  });

  it('falls back to Windows-1256 when invalid UTF-8 is mostly Arabic-range bytes, else Latin-1', () => {
    expect(decodeBytes(iconv.encode(arabic, 'windows-1256'))).toBe(arabic);
    expect(decodeBytes(iconv.encode('Réunion à Genève, déclaré le ministre', 'latin1'))).toBe(
      'Réunion à Genève, déclaré le ministre',
    );
  });

  it('refuses bytes that contradict a declared UTF-8, unknown charsets and binary', () => {
    expect(() => decodeBytes(Buffer.from([0x61, 0xff, 0x62]), 'text/plain; charset=utf-8')).toThrow(
      /not valid UTF-8/,
    );
    expect(() => decodeBytes(Buffer.from('abc'), 'text/plain; charset=x-klingon')).toThrow(/unknown charset/);
    expect(() => decodeBytes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toThrow(
      expect.objectContaining({ code: 'BAD_ENCODING' }) as Error,
    );
  });
});
