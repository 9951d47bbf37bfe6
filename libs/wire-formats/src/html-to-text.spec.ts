import { htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('turns block elements into paragraphs and keeps inline text together', () => {
    expect(
      htmlToText('<div><p>One <em>two</em>, <a href="#">three</a>.</p><p>Four<br>Five</p></div>').paragraphs,
    ).toEqual(['One two, three.', 'Four', 'Five']);
  });

  it('drops script, style and head content, comments and declarations', () => {
    const html =
      '<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body><!-- x --><script>alert("<p>x</p>")</script><p>Kept</p></body></html>';
    expect(htmlToText(html).paragraphs).toEqual(['Kept']);
  });

  it('decodes named and numeric entities once, never recursively', () => {
    expect(
      htmlToText('<p>&ldquo;Al-Manar&rdquo; &amp;amp; &#x627;&#1604; &bogus; &#0;</p>').paragraphs,
    ).toEqual(['“Al-Manar” &amp; ال &bogus; \uFFFD']);
  });

  it('keeps a figure caption and credit out of the body', () => {
    expect(
      htmlToText(
        '<p>A</p><figure><img src="x"/><figcaption>Smoke over Isfahan.</figcaption><span>Reuters</span></figure><p>B</p>',
      ),
    ).toEqual({
      paragraphs: ['A', 'B'],
      captions: [{ text: 'Smoke over Isfahan.', credit: 'Reuters' }],
    });
  });

  it('reads NITF body.content without the body.head block', () => {
    const nitf =
      '<nitf><body><body.head><hedline><hl1>H</hl1></hedline></body.head><body.content><p>P1</p><block><p>P2</p></block></body.content></body></nitf>';
    expect(htmlToText(nitf).paragraphs).toEqual(['P1', 'P2']);
  });

  it('treats a stray < as text', () => {
    expect(htmlToText('<p>3 < 4 and 5 > 2</p>').paragraphs).toEqual(['3 < 4 and 5 > 2']);
  });
});
