import { DateTime, Info } from 'luxon';

/** A date of a story told with a year before this is in another calendar (Hijri 1446, Solar Hijri 1403). */
const MIN_YEAR = 1900;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?([+-]\d{4}|Z)?$/;
const SQL = /^(\d{4})-(\d{2})-(\d{2}) \d{2}:\d{2}(?::\d{2})?$/;
/** Forms no standard names, punctuation dropped first: "23 May 2024", "Thu May 23 2024", "2020/1/10 14:33". */
const DAY_MONTH_YEAR = /^(?:(\p{L}+) )?(\d{1,2}) (\p{L}{3,9}) (\d{4})$/u;
const MONTH_DAY_YEAR = /^(?:(\p{L}+) )?(\p{L}{3,9}) (\d{1,2}) (\d{4})$/u;
const SLASHED = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/**
 * RFC 2822 as feeds write it: an English weekday and month, a four-digit year, GMT or a
 * numeric offset (`Thu, 23 May 2024 10:00:00 GMT`). luxon's fromRFC2822 cost RSS ~20 µs a story;
 * this reads the common form with the same checks, and anything it does not take goes to luxon.
 */
const RFC2822 =
  /^(?:([A-Z][a-z]{2}), )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? (GMT|[+-]\d{4})$/;
/** RFC 2822 and HTTP dates have a time; luxon tries them only then (a failed try costs). */
const HAS_TIME = /\d:\d\d/;
const MONTHS = Info.months('short', { locale: 'en-US' }).map((m) => m.toLowerCase());
/** Sunday first, as Date.getUTCDay counts (luxon's list starts on Monday). */
const WEEKDAYS = [
  'sun',
  ...Info.weekdays('short', { locale: 'en-US' })
    .map((d) => d.toLowerCase())
    .slice(0, 6),
];
const UTC = { zone: 'utc', locale: 'en-US' };
const FOREIGN_WEEKDAY = /^(?!(?:mon|tue|wed|thu|fri|sat|sun),)\p{L}{2,4}\.?,\s*/iu;

/**
 * A wire date as UTC ISO-8601 with milliseconds and `Z` (`2024-05-23T10:00:00.000Z`), or
 * undefined when it is not a date. Parsing is strict: no 30 February, no 31 June, no weekday that
 * is not the date's; a date or time without a zone is UTC, never the machine's local time. A year
 * before 1900 is another calendar's and left out, never read as the Gregorian year.
 *
 * ISO-8601 and the informal forms go through the platform (a fifth of luxon's cost, on the hot
 * path of every story) with a round trip that refuses what it rolls over; RFC 2822 and HTTP dates
 * through luxon.
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
  if ((m = RFC2822.exec(s))) {
    const local = calendarDate(m[4], monthOf(m[3]), m[2], { hour: m[5], minute: m[6], second: m[7] }, m[1]);
    if (local !== undefined) return local - offsetMinutes(m[8]) * 60_000;
  }
  if (HAS_TIME.test(s)) {
    // Feeds in other languages name the weekday in theirs ("mer, 08 nov 2017 …"), which RFC 2822
    // lets one leave out, and some write the month in lower case.
    const rfc = DateTime.fromRFC2822(
      s.replace(FOREIGN_WEEKDAY, '').replace(/\b[a-z]{3}\b/, (w) => w[0].toUpperCase() + w.slice(1)),
      UTC,
    );
    if (rfc.isValid) return rfc.toMillis();
    const http = DateTime.fromHTTP(s, UTC);
    if (http.isValid) return http.toMillis();
  }
  const plain = s.replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  if ((m = SLASHED.exec(plain)))
    return calendarDate(m[1], m[2], m[3], { hour: m[4], minute: m[5], second: m[6] });
  if ((m = DAY_MONTH_YEAR.exec(plain))) return calendarDate(m[4], monthOf(m[3]), m[2], {}, m[1]);
  if ((m = MONTH_DAY_YEAR.exec(plain))) return calendarDate(m[4], monthOf(m[2]), m[3], {}, m[1]);
  return undefined;
}

/**
 * A zone-less ISO-8601 or compact date-time told in the zone of `reference`, a date-time of the
 * same wire that has one: SDA-ATS dates every field `+0200` but its embargo's `StatusWillChange`
 * not at all, and that is Swiss time, not UTC. Anything else comes back as it was.
 */
export function inZoneOf(value: string | undefined, reference: string | undefined): string | undefined {
  const v = value?.trim();
  const r = reference?.trim();
  if (!v || !r) return value;
  const zone = ISO.exec(r)?.[4] ?? COMPACT.exec(r)?.[7];
  if (!zone) return value;
  const bare = zone === 'Z' ? 'Z' : zone.replace(':', '');
  const iso = ISO.exec(v);
  if (iso && v.length > 10 && !iso[4])
    return v + (bare === 'Z' ? 'Z' : `${bare.slice(0, 3)}:${bare.slice(3)}`);
  const compact = COMPACT.exec(v);
  return compact && compact[4] && !compact[7] ? v + bare : value;
}

/** `+0130` to 90, `-0500` to -300, GMT to 0. */
function offsetMinutes(zone: string): number {
  if (zone[0] !== '+' && zone[0] !== '-') return 0;
  const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5));
  return zone[0] === '-' ? -minutes : minutes;
}

/** "May", "may", "September", "Sept" to 5, 5, 9, 9; undefined for any other word. */
function monthOf(name: string): string | undefined {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i >= 0 && /^\p{L}+$/u.test(name) ? String(i + 1) : undefined;
}

/**
 * Date.UTC rolls 31 June over into 1 July: the date is real only when it reads back as written,
 * and a weekday, when given, must be the date's. (A round trip: a fifth of luxon's fromObject.)
 */
function calendarDate(
  year: string,
  month: string | undefined,
  day: string,
  time: { hour?: string; minute?: string; second?: string },
  weekday?: string,
): number | undefined {
  if (!month) return undefined;
  const [y, mo, d, h, mi, se] = [year, month, day, time.hour, time.minute, time.second].map((x) =>
    Number(x ?? 0),
  );
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(ms);
  const real =
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi;
  if (!real || se > 59) return undefined;
  if (weekday && weekday.slice(0, 3).toLowerCase() !== WEEKDAYS[back.getUTCDay()]) return undefined;
  return ms;
}

/** The platform's ISO parser takes any day up to 31 (2024-02-30 becomes 1 March): this refuses it. */
function dayExists(year: string, month: string, day: string): boolean {
  return calendarDate(year, month, day, {}) !== undefined;
}
