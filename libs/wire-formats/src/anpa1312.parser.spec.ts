import { normalize } from './normalize';
import { WireFormatError } from './wire-format.error';

const anpa = (header: string, text: string, trailer = 'AP-WF-05-23-24 1012GMT') =>
  normalize(Buffer.from(`\x16\x16\x01${header}\x02\r\n${text}\x03${trailer}`, 'utf8'));

describe('ANPA-1312 as AP sends it', () => {
  const [story] = anpa(
    'a0412 r f BC-LT--Iran-Carpets Weavers,466 05-23',
    [
      '^BC-LT--Iran-Carpets Weavers,466<',
      "^For Iran's carpet weavers, sanctions tighten the knot<",
      '^By SARA KAMALI=',
      '^Associated Press=',
      '   KASHAN, Iran (AP) _ In a workshop on the edge of the desert, three women tie knots by hand.',
      '   (Eds: Moves on general news and financial services.)',
      '   Exports have fallen by half since 2018, the guild says.',
      '   (END)',
      '',
    ].join('\r\n'),
  );

  it('keeps the keyword line as the slug and takes the headline from the next caret line', () => {
    expect(story).toMatchObject({
      format: 'anpa1312',
      slug: 'BC-LT--Iran-Carpets Weavers',
      headline: "For Iran's carpet weavers, sanctions tighten the knot",
      urgency: 5,
    });
  });

  it('reads the byline with its title line, the AP dateline and the Eds note; END is no copy', () => {
    expect(story.byline).toBe('SARA KAMALI');
    expect(story.authors).toEqual([{ name: 'SARA KAMALI', title: 'Associated Press' }]);
    expect(story.dateline).toMatchObject({ place: 'KASHAN, Iran', agency: 'AP' });
    expect(story.source).toBe('ap');
    expect(story.editorNote).toBe('Moves on general news and financial services.');
    expect(story.body).toEqual([
      'KASHAN, Iran (AP) _ In a workshop on the edge of the desert, three women tie knots by hand.',
      'Exports have fallen by half since 2018, the guild says.',
    ]);
  });

  it('takes the one paragraph of an alert with no headline line as its headline', () => {
    const [alert] = anpa(
      'a0413 b f BC-Iran-Quake-Alert 05-23',
      '   TEHRAN, Iran (AP) _ A strong earthquake shakes southern Iran.\r\n',
    );
    expect(alert.headline).toBe('TEHRAN, Iran (AP) _ A strong earthquake shakes southern Iran.');
    expect(alert.urgency).toBe(2);
  });

  it('refuses a text of header lines only', () => {
    expect(() => anpa('a0414 r f BC-Iran-Empty 05-23', '^BC-Iran-Empty<\r\n^A headline<\r\n')).toThrow(
      expect.objectContaining({ code: 'EMPTY_BODY' }) as WireFormatError,
    );
  });
});
