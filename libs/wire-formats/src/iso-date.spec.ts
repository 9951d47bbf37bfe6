import fc from 'fast-check';
import { DateTime } from 'luxon';
import { inZoneOf, toIsoDate } from './iso-date';

describe('toIsoDate', () => {
  it.each([
    ['2018-10-21T16:25:32-05:00', '2018-10-21T21:25:32.000Z'],
    ['2019-09-09T08:00:00.000Z', '2019-09-09T08:00:00.000Z'],
    ['2024-05-23T10:00:00', '2024-05-23T10:00:00.000Z'],
    ['2024-05-23', '2024-05-23T00:00:00.000Z'],
    ['2024-05-23 10:00:00', '2024-05-23T10:00:00.000Z'],
    ['20080219T101500+0100', '2008-02-19T09:15:00.000Z'],
    ['23 May, 2024', '2024-05-23T00:00:00.000Z'],
    ['May 23, 2024', '2024-05-23T00:00:00.000Z'],
    ['Thu, 23 May 2024', '2024-05-23T00:00:00.000Z'],
    ['Tue, 30 Jan 2024 21:14:00 GMT', '2024-01-30T21:14:00.000Z'],
    ['Tue, 30 Jan 2024 16:14:00 EST', '2024-01-30T21:14:00.000Z'],
    ['Wed, 5 Jun 2024 10:00:00 +0200', '2024-06-05T08:00:00.000Z'],
    ['2020/1/10 14:33:00', '2020-01-10T14:33:00.000Z'],
    ['mer, 08 nov 2017 10:00:00 +0100', '2017-11-08T09:00:00.000Z'],
  ])('reads %s as %s (no zone means UTC)', (input, iso) => {
    expect(toIsoDate(input)).toBe(iso);
  });

  it.each([
    ['', 'empty'],
    ['yesterday', 'not a date'],
    ['2024-13-45', 'no such month'],
    ['2024-02-30', 'no 30 February'],
    ['Mon, 31 Jun 2024', 'no 31 June'],
    ['31 June 2024', 'no 31 June'],
    ['Fri, 30 Jan 2024 21:14:00 GMT', '30 January 2024 was a Tuesday'],
    ['2023-02-29T10:00:00Z', '2023 is no leap year'],
    ['2024-05-23T25:00:00Z', 'no hour 25'],
    ['1403/03/03', 'a Solar Hijri date (Persian copy), not 1403 CE'],
    ['1445-11-15', 'a Hijri date (Arabic copy), not 1445 CE'],
    ['T10:00', 'a time without a date'],
    ['-271821-04-20T00:00:00Z', 'outside four-digit years'],
  ])('gives undefined for %j (%s)', (input) => {
    expect(toIsoDate(input)).toBeUndefined();
  });

  it('reads every real instant back as itself, in any zone offset', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('9999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (date, offset) => {
          const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(toIsoDate(local + zone)).toBe(
            new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString(),
          );
        },
      ),
    );
  });
});

describe('inZoneOf', () => {
  it.each([
    ['20110831T150029', '20110831T140908+0200', '2011-08-31T13:00:29.000Z'],
    ['2011-08-31T15:00:29', '2011-08-31T14:09:08+02:00', '2011-08-31T13:00:29.000Z'],
    ['20110831T150029', '2011-08-31T14:09:08-05:00', '2011-08-31T20:00:29.000Z'],
    ['2011-08-31T15:00:29', '20110831T140908Z', '2011-08-31T15:00:29.000Z'],
    // A value with its own zone, a date alone, or a reference without one: as written.
    ['20110831T150029+0100', '20110831T140908+0200', '2011-08-31T14:00:29.000Z'],
    ['2011-08-31', '2011-08-31T14:09:08+02:00', '2011-08-31T00:00:00.000Z'],
    ['20110831T150029', '20110831T140908', '2011-08-31T15:00:29.000Z'],
  ])('reads %s in the zone of %s', (value, reference, expected) => {
    expect(toIsoDate(inZoneOf(value, reference))).toBe(expected);
  });

  it('reads RFC 2822 dates with GMT or an offset as luxon does', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-02T00:00:00Z'),
          max: new Date('9999-12-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (date, offset) => {
          const written = DateTime.fromJSDate(date, {
            zone: `UTC${offset < 0 ? '-' : '+'}${Math.abs(offset) / 60}`,
          });
          const rfc = written.isValid ? written.toRFC2822() : null;
          fc.pre(rfc !== null);
          const read = DateTime.fromRFC2822(rfc!, { zone: 'utc' });
          expect(toIsoDate(rfc!)).toBe(read.toUTC().toISO());
        },
      ),
    );
  });
});
