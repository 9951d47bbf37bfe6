import { DateTime } from 'luxon';

/** A date of a story told with a year before this is in another calendar (Hijri 1446, Solar Hijri 1403). */
const MIN_YEAR = 1900;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?([+-]\d{4}|Z)?$/;
const SQL = /^(\d{4})-(\d{2})-(\d{2}) \d{2}:\d{2}(?::\d{2})?$/;
/** Forms no standard names, as luxon formats; punctuation is dropped first ("Thu, May 23, 2024"). */
const INFORMAL: Array<[RegExp, string]> = [
  [/^\d{1,2} [A-Za-z]{3,9} \d{4}$/, 'd MMM yyyy'],
  [/^[A-Za-z]{3,9} \d{1,2} \d{4}$/, 'MMM d yyyy'],
  [/^[A-Za-z]{3,9} \d{1,2} [A-Za-z]{3,9} \d{4}$/, 'EEE d MMM yyyy'],
  [/^\d{4}\/\d{1,2}\/\d{1,2}$/, 'yyyy/M/d'],
  [/^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}$/, 'yyyy/M/d H:mm'],
  [/^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}:\d{2}$/, 'yyyy/M/d H:mm:ss'],
];
const UTC = { zone: 'utc', locale: 'en-US' };
const FOREIGN_WEEKDAY = /^(?!(?:mon|tue|wed|thu|fri|sat|sun),)\p{L}{2,4}\.?,\s*/iu;

/**
 * A wire date as UTC ISO-8601 with milliseconds and `Z` (`2024-05-23T10:00:00.000Z`), or
 * undefined when it is not a date. Parsing is strict: no 30 February, no 31 June, no weekday that
 * is not the date's; a date or time without a zone is UTC, never the machine's local time. A year
 * before 1900 is another calendar's and left out, never read as the Gregorian year.
 *
 * ISO-8601, most wire dates, goes through the platform's parser (a fifth of luxon's cost, on the
 * hot path of every ninjs, G2 and Atom story) with the one check it lacks, that the day exists in
 * its month; every other form through luxon.
 */
export function toIsoDate(value: string | undefined): string | undefined {
  const s = value?.trim();
  if (!s || s.length > 64) return undefined;
  const ms = parse(s);
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return year >= MIN_YEAR && year <= 9999 ? date.toISOString() : undefined;
}

function parse(s: string): number | undefined {
  let m: RegExpExecArray | null;
  if ((m = ISO.exec(s))) {
    if (!dayExists(m[1], m[2], m[3])) return undefined;
    return Date.parse(s.length === 10 ? s + 'T00:00:00Z' : m[4] ? s : s + 'Z');
  }
  if ((m = COMPACT.exec(s))) {
    if (!dayExists(m[1], m[2], m[3])) return undefined;
    const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].slice(3)}`;
    return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${zone}`);
  }
  if ((m = SQL.exec(s)))
    return dayExists(m[1], m[2], m[3]) ? Date.parse(s.replace(' ', 'T') + 'Z') : undefined;
  // Feeds in other languages name the weekday in theirs ("mer, 08 nov 2017 …"), which RFC 2822
  // lets one leave out, and some write the month in lower case.
  const rfc = DateTime.fromRFC2822(
    s.replace(FOREIGN_WEEKDAY, '').replace(/\b[a-z]{3}\b/, (w) => w[0].toUpperCase() + w.slice(1)),
    UTC,
  );
  if (rfc.isValid) return rfc.toMillis();
  const http = DateTime.fromHTTP(s, UTC);
  if (http.isValid) return http.toMillis();
  const plain = s.replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  const format = INFORMAL.find(([re]) => re.test(plain))?.[1];
  if (!format) return undefined;
  // Month and weekday names, whole or cut to three letters: luxon's MMM and EEE take the short ones.
  const short = format.includes('MMM') ? plain.replace(/[A-Za-z]{4,}/g, (w) => w.slice(0, 3)) : plain;
  const d = DateTime.fromFormat(short, format, UTC);
  return d.isValid ? d.toMillis() : undefined;
}

/** The platform's ISO parser takes any day up to 31 (2024-02-30 becomes 1 March): this refuses it. */
function dayExists(year: string, month: string, day: string): boolean {
  const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return d.getUTCMonth() === Number(month) - 1 && d.getUTCDate() === Number(day);
}
