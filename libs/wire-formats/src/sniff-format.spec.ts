import { sniffFormat } from './sniff-format';

describe('sniffFormat', () => {
  it.each([
    ['{"uri":"x"}', 'ninjs'],
    ['<?xml version="1.0"?>\n<!-- c --><newsItem guid="x"/>', 'newsml-g2'],
    ['<newsMessage/>', 'newsml-g2'],
    ['<rss version="2.0"><channel/></rss>', 'rss'],
    ['<feed xmlns="http://www.w3.org/2005/Atom"/>', 'atom'],
    ['\x16\x16\x01a0459 r i BC-Iran 05-23 0612\x02text\x03', 'anpa1312'],
    ['\x01AFP0412 3 POL 0312\r\n\x02text\x03', 'iptc7901'],
    ['Headline\n\nDUBAI, April 22 (Reuters) - Iran said', 'agency-text'],
    ['UPDATE 1-Iran says\n\nSomething happened.', 'agency-text'],
    ['Heads of groups meet\n\nLeaders met on Thursday.', 'plain-text'],
  ])('reads %j as %s', (text, format) => {
    expect(sniffFormat(text)).toBe(format);
  });

  it('follows a specific content type over the content', () => {
    expect(sniffFormat('<x/>', 'application/vnd.iptc.g2.newsitem+xml')).toBe('newsml-g2');
    expect(sniffFormat('{}', 'application/rss+xml; charset=utf-8')).toBe('rss');
  });

  it('rejects an unclosed comment or declaration before the root instead of looping on it', () => {
    expect(() => sniffFormat('\n\n<!--By \u200c')).toThrow(
      expect.objectContaining({ code: 'MALFORMED' }) as Error,
    );
    expect(() => sniffFormat('<?xml version="1.0"')).toThrow(
      expect.objectContaining({ code: 'MALFORMED' }) as Error,
    );
  });

  it('rejects XML that is not a wire format', () => {
    expect(() => sniffFormat('<html><body/></html>')).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }) as Error,
    );
  });
});
