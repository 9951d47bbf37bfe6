import fc from 'fast-check';
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

  it('detects the charset of undeclared legacy bytes: Windows-1256, 1252 (curly quotes, dashes) and 1251', () => {
    expect(decodeBytes(iconv.encode(arabic, 'windows-1256'))).toBe(arabic);
    const quoted = 'The minister said \u201cwe will not back down\u201d \u2014 and left before the vote.';
    expect(decodeBytes(iconv.encode(quoted, 'windows-1252'))).toBe(quoted);
    const russian = 'Министр иностранных дел сообщил журналистам, что переговоры возобновятся.';
    expect(decodeBytes(iconv.encode(russian, 'windows-1251'))).toBe(russian);
    // Too few bytes for chardet to tell: the web's default for undeclared Western text.
    expect(decodeBytes(Buffer.from([0x61, 0xe9, 0x62]))).toBe('aéb');
    expect(decodeBytes(iconv.encode('Réunion à Genève, déclaré le ministre', 'latin1'))).toBe(
      'Réunion à Genève, déclaré le ministre',
    );
  });

  it('reads a declared charset by its WHATWG label: iso-8859-1 is windows-1252, as in every browser', () => {
    const quoted = 'He called it \u201chistoric\u201d \u2013 twice.';
    expect(decodeBytes(iconv.encode(quoted, 'windows-1252'), 'text/plain; charset=iso-8859-1')).toBe(quoted);
    const xml = '<?xml version="1.0" encoding="latin1"?><a>\u201cZürich\u201d</a>';
    expect(decodeBytes(iconv.encode(xml, 'windows-1252'))).toBe(xml);
    expect(decodeBytes(iconv.encode('Ελλάδα', 'iso-8859-7'), 'text/plain; charset="ISO_8859-7"')).toBe(
      'Ελλάδα',
    );
  });

  it('reads charsets outside the WHATWG standard that iconv-lite knows (old IBM code pages)', () => {
    expect(decodeBytes(iconv.encode('Zürich ½ café', 'cp850'), 'text/plain; charset=ibm850')).toBe(
      'Zürich ½ café',
    );
  });

  it('reads undeclared UTF-8 with a broken byte as UTF-8 with a replacement character and a warning, never as Latin-1', () => {
    const warnings: string[] = [];
    const bytes = Buffer.concat([
      Buffer.from('Zürich — die Gespräche in Genève ', 'utf8'),
      Buffer.from([0xff]),
      Buffer.from(' gehen weiter.', 'utf8'),
    ]);
    expect(decodeBytes(bytes, undefined, (w) => warnings.push(w))).toBe(
      'Zürich — die Gespräche in Genève \uFFFD gehen weiter.',
    );
    expect(warnings).toEqual([expect.stringMatching(/1 invalid UTF-8 sequence.*U\+FFFD/)]);
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

  it('gives text or a BAD_ENCODING error for any bytes, and valid UTF-8 back unchanged', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          expect(typeof decodeBytes(bytes)).toBe('string');
        } catch (e) {
          expect(e).toMatchObject({ code: 'BAD_ENCODING' });
        }
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
        fc.pre([...text].every((c) => c >= ' ') && !text.startsWith('\uFEFF'));
        expect(decodeBytes(Buffer.from(text, 'utf8'))).toBe(text);
      }),
    );
  });
});
