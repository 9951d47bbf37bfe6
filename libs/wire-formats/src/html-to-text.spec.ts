import fc from 'fast-check';
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

  it('keeps every paragraph when an unquoted attribute holds an apostrophe', () => {
    expect(
      htmlToText(
        "<p>First <a title=don't href=/x>link</a> here.</p><p>The minister's aide spoke.</p><p>Last.</p>",
      ).paragraphs,
    ).toEqual(['First link here.', "The minister's aide spoke.", 'Last.']);
  });

  it('decodes the whole HTML entity set, legacy forms without a semicolon included', () => {
    expect(
      htmlToText('<p>&minus;3 &dagger; &ccaron;e&scaron;tina &alpha;&beta;&Omega; &copy 2024 AT&T &amp</p>')
        .paragraphs,
    ).toEqual(['−3 † čeština αβΩ © 2024 AT&T &']);
  });

  it('keeps CDATA text and strips namespace prefixes from XHTML element names', () => {
    expect(htmlToText('<h:p>One</h:p><h:p><![CDATA[Two & <three>]]></h:p>').paragraphs).toEqual([
      'One',
      'Two & <three>',
    ]);
  });

  it('keeps all the text of any markup: every word outside a tag comes out, whatever quotes its attributes hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-Za-z]{1,8}$/), { minLength: 1, maxLength: 20 }),
        fc.array(
          fc.constantFrom(
            "<a title=it's>",
            '</a>',
            '<em>',
            '</em>',
            '<p>',
            '</p>',
            '<br>',
            '<img alt="">',
            "<b id=x'y>",
          ),
          { maxLength: 20 },
        ),
        (words, tags) => {
          const html = words.map((w, i) => `${w} ${tags[i] ?? ''}`).join(' ');
          const text = htmlToText(html).paragraphs.join(' ');
          for (const w of words) expect(text).toContain(w);
        },
      ),
    );
  });

  it('reads bare-paragraph markup (p, div, br) as the tokenizer does', () => {
    // A comment sends the same markup to the tokenizer (its '<' is no bare tag) and adds no text.
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom('<p>', '</p>', '<br>', '<br/>', '<div class="body">', '</div>', '\n  ', ' '),
            fc.constantFrom('&amp;', '&copy 2024', '&#8211;', '&bogus;', '\u00a0', '\t', "it's"),
            fc.stringMatching(/^[A-Za-z ]{1,12}$/),
          ),
          { maxLength: 30 },
        ),
        (parts) => {
          const html = parts.join('');
          expect(htmlToText(html)).toEqual(htmlToText('<!-- tokenizer -->' + html));
        },
      ),
    );
  });
});
