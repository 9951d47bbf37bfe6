import { toIsoDate } from './iso-date';

describe('toIsoDate', () => {
  it.each([
    ['2018-10-21T16:25:32-05:00', '2018-10-21T21:25:32.000Z'],
    ['2019-09-09T08:00:00.000Z', '2019-09-09T08:00:00.000Z'],
    ['2024-05-23T10:00:00', '2024-05-23T10:00:00.000Z'],
    ['2024-05-23', '2024-05-23T00:00:00.000Z'],
    ['20080219T101500+0100', '2008-02-19T09:15:00.000Z'],
    ['23 May, 2024', '2024-05-23T00:00:00.000Z'],
    ['May 23, 2024', '2024-05-23T00:00:00.000Z'],
    ['Tue, 30 Jan 2024 21:14:00 GMT', '2024-01-30T21:14:00.000Z'],
  ])('reads %s as %s (no zone means UTC)', (input, iso) => {
    expect(toIsoDate(input)).toBe(iso);
  });

  it.each(['', 'yesterday', '2024-13-45', '-271821-04-20T00:00:00Z'])('gives undefined for %j', (input) => {
    expect(toIsoDate(input)).toBeUndefined();
  });
});
