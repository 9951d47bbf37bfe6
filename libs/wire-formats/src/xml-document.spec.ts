import { assertSafeXml } from './xml-document';
import { WireFormatError } from './wire-format.error';
import { normalize } from './normalize';

const refused = expect.objectContaining({ code: 'INSECURE_XML' }) as WireFormatError;

describe('the XML safety check', () => {
  it('accepts a DOCTYPE that only names its DTD, and blanks it out for the parser', () => {
    const xml =
      '<?xml version="1.0"?>\n<!DOCTYPE nitf PUBLIC "-//IPTC//DTD NITF 3.2//EN"\n "nitf-3-2.dtd">\n<nitf/>';
    const safe = assertSafeXml(xml);
    expect(safe).not.toContain('DOCTYPE');
    expect(safe.split('\n')).toHaveLength(xml.split('\n').length);
  });

  it('accepts an internal subset of element declarations only', () => {
    expect(() =>
      assertSafeXml('<!DOCTYPE NewsML SYSTEM "n.dtd" [ <!ELEMENT p (#PCDATA)> ]><NewsML/>'),
    ).not.toThrow();
  });

  it('accepts a DTD module named by a parameter entity (NewsML 1.x from SDA-ATS), never loading it', () => {
    const xml =
      '<?xml version="1.0"?>\n<!DOCTYPE NewsML PUBLIC "urn:newsml:iptc.org:20031010:NewsMLv1.2.dtd:1"\n"NewsML-1.2.dtd"\n[<!ENTITY % nitf SYSTEM "nitf-3-0.dtd"> %nitf; ]>\n<NewsML/>';
    const safe = assertSafeXml(xml);
    expect(safe).not.toMatch(/DOCTYPE|ENTITY|%nitf/);
    expect(safe.split('\n')).toHaveLength(xml.split('\n').length);
  });

  it.each([
    ['an entity declaration', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['an external entity (XXE)', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
    [
      'a parameter entity',
      '<!DOCTYPE a SYSTEM "a.dtd" [<!ENTITY % p SYSTEM "http://e.example/p.dtd"> %p;]><a/>',
    ],
    ['a parameter-entity reference alone', '<!DOCTYPE a [ %p; ]><a/>'],
    ['a DTD module at an absolute path', '<!DOCTYPE a [<!ENTITY % p SYSTEM "/etc/p.dtd"> %p;]><a/>'],
    ['a DTD module by file URL', '<!DOCTYPE a [<!ENTITY % p SYSTEM "file:///p.dtd"> %p;]><a/>'],
    ['a module that is not a DTD', '<!DOCTYPE a [<!ENTITY % p SYSTEM "passwd"> %p;]><a/>'],
    [
      'a general entity beside a DTD module',
      '<!DOCTYPE a [<!ENTITY % p SYSTEM "p.dtd"> %p; <!ENTITY x SYSTEM "p.dtd">]><a>&x;</a>',
    ],
    ['a reference to an undeclared parameter entity', '<!DOCTYPE a [<!ENTITY % p SYSTEM "p.dtd"> %q;]><a/>'],
    ['a second DOCTYPE', '<!DOCTYPE a SYSTEM "a.dtd"><!DOCTYPE b SYSTEM "b.dtd"><a/>'],
    ['an ENTITY outside any DOCTYPE', '<a><!ENTITY x "y"></a>'],
  ])('refuses %s', (_what, xml) => {
    expect(() => assertSafeXml(xml)).toThrow(refused);
  });

  it('refuses a billion laughs in a NITF document fast', () => {
    const lols = Array.from({ length: 10 }, (_, i) =>
      i === 0 ? '<!ENTITY lol0 "lol">' : `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`,
    ).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE nitf [${lols}]><nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>`;
    const start = process.hrtime.bigint();
    expect(() => normalize(Buffer.from(xml))).toThrow(refused);
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(1000);
  });
});
