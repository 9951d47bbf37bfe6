import { describe, expect, it } from '@jest/globals';
import { normalize } from '@newswire/wire-formats';
import { splitDocument } from './split-document';

const rss = (items: string, lastBuild = 'Mon, 07 Dec 2026 10:00:00 GMT') =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Harbour Gazette</title><link>https://harbour.example/</link><language>en</language>
<lastBuildDate>${lastBuild}</lastBuildDate>${items}</channel></rss>`);

const item = (guid: string, title: string, body = 'The ferry left at dawn with forty passengers aboard.') =>
  `<item><title>${title}</title><guid isPermaLink="false">${guid}</guid><dc:creator>Ana Ruiz</dc:creator>
<description><![CDATA[<p>${body}</p>]]></description></item>`;

const opts = { maxBytes: 1024 * 1024 };

describe('splitDocument', () => {
  it('splits an RSS feed into standalone documents that keep the channel and read as one story each', () => {
    const doc = splitDocument(
      rss(item('a-1', 'Ferry &amp; tug collide') + item('a-2', 'Port reopens')),
      opts,
    );
    expect(doc.format).toBe('rss');
    expect(doc.items.map((i) => [i.id, i.headline])).toEqual([
      ['a-1', 'Ferry & tug collide'],
      ['a-2', 'Port reopens'],
    ]);
    const stories = normalize(doc.items[0].bytes, { contentType: doc.items[0].contentType });
    expect(stories).toHaveLength(1);
    expect(stories[0].headline).toBe('Ferry & tug collide');
    expect(stories[0].language).toBe('en');
    expect(doc.items[0].bytes.toString()).toContain('<title>Harbour Gazette</title>');
    expect(doc.items[0].bytes.toString()).not.toContain('lastBuildDate');
  });

  it("hashes an item's own content: a rebuilt channel leaves it unchanged, an edited item does not", () => {
    const a = splitDocument(rss(item('a-1', 'Port reopens'), 'Mon, 07 Dec 2026 10:00:00 GMT'), opts);
    const b = splitDocument(rss(item('a-1', 'Port reopens'), 'Mon, 07 Dec 2026 11:00:00 GMT'), opts);
    const c = splitDocument(rss(item('a-1', 'Port reopens after repairs')), opts);
    expect(b.items[0].hash).toBe(a.items[0].hash);
    expect(c.items[0].hash).not.toBe(a.items[0].hash);
  });

  it('splits Atom entries and names them by id', () => {
    const atom =
      Buffer.from(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Times</title><id>urn:vt</id>
<updated>2026-12-07T10:00:00Z</updated>
<entry><id>urn:vt:1</id><title>Bridge opens</title><updated>2026-12-07T09:00:00Z</updated><content type="text">The new bridge opened to traffic on Monday morning.</content></entry>
<entry><id>urn:vt:2</id><title>School closes</title><updated>2026-12-07T09:30:00Z</updated><content type="text">The school closed for the winter holiday early.</content></entry></feed>`);
    const doc = splitDocument(atom, opts);
    expect(doc.items.map((i) => i.id)).toEqual(['urn:vt:1', 'urn:vt:2']);
    expect(normalize(doc.items[1].bytes)[0].headline).toBe('School closes');
  });

  it('splits ninjs lists, wrapped or bare', () => {
    const list = {
      data: { items: [{ item: { uri: 'urn:n:1', headline: 'One', body_text: 'First body text here.' } }] },
    };
    const bare = [{ uri: 'urn:n:2', headlines: [{ value: 'Two' }] }];
    expect(
      splitDocument(Buffer.from(JSON.stringify(list)), opts).items.map((i) => [i.id, i.headline]),
    ).toEqual([['urn:n:1', 'One']]);
    expect(splitDocument(Buffer.from(JSON.stringify(bare)), opts).items[0].headline).toBe('Two');
  });

  it('splits a NewsML-G2 newsMessage into newsItems that carry its namespaces', () => {
    const g2 =
      Buffer.from(`<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>2026-12-07T10:00:00Z</sent></header>
<itemSet><newsItem guid="urn:g2:1" version="1" standard="NewsML-G2" standardversion="2.29"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
<contentMeta><headline>Dam holds</headline></contentMeta><contentSet><inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content><p>The dam held through the storm overnight.</p></body.content></body></nitf></inlineXML></contentSet></newsItem></itemSet></newsMessage>`);
    const doc = splitDocument(g2, opts);
    expect(doc.items.map((i) => [i.id, i.headline])).toEqual([['urn:g2:1', 'Dam holds']]);
    expect(doc.items[0].bytes.toString()).toMatch(
      /^<\?xml[^>]*>\n<newsItem xmlns="http:\/\/iptc.org\/std\/nar\/2006-10-01\/"/,
    );
    expect(normalize(doc.items[0].bytes)[0].headline).toBe('Dam holds');
  });

  it('sends any other document whole, named by the guid the normaliser finds', () => {
    const text = Buffer.from('LISBON, Dec 7 (Reuters) - The tram strike ended on Monday after talks.');
    const doc = splitDocument(text, opts);
    expect(doc.items).toHaveLength(1);
    expect(doc.items[0].bytes).toBe(text);
  });

  it('refuses malformed XML, a DTD, and a document over the limit', () => {
    expect(() => splitDocument(Buffer.from('<rss><channel><item></channel></rss>'), opts)).toThrow(
      expect.objectContaining({ code: 'MALFORMED' }),
    );
    expect(() =>
      splitDocument(Buffer.from('<!DOCTYPE rss [<!ENTITY x "y">]><rss><channel/></rss>'), opts),
    ).toThrow(expect.objectContaining({ code: 'INSECURE_XML' }));
    expect(() => splitDocument(rss(item('a', 'b')), { maxBytes: 100 })).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE' }),
    );
  });
});
