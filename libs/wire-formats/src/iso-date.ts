const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?([+-]\d{4}|Z)?$/;
const DAY_MONTH_YEAR = /^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/;
const MONTH_DAY_YEAR = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/;

/**
 * A wire date as UTC ISO-8601 with milliseconds and `Z` (`2024-05-23T10:00:00.000Z`), or
 * undefined when it is not a date. A date or time without a zone is read as UTC, never as the
 * machine's local time, so the same input gives the same story everywhere.
 */
export function toIsoDate(value: string | undefined): string | undefined {
  const s = value?.trim();
  if (!s || s.length > 64) return undefined;
  let ms: number;
  let m: RegExpExecArray | null;
  if (ISO_NO_ZONE.test(s)) ms = Date.parse(s.length === 10 ? s + 'T00:00:00Z' : s + 'Z');
  else if ((m = COMPACT.exec(s))) {
    const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].slice(3)}`;
    ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${zone}`);
  } else if ((m = DAY_MONTH_YEAR.exec(s))) ms = utcDay(m[3], m[2], m[1]);
  else if ((m = MONTH_DAY_YEAR.exec(s))) ms = utcDay(m[3], m[1], m[2]);
  else ms = Date.parse(s);
  if (!Number.isFinite(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  // z.iso.datetime wants a four-digit year; anything outside it is not a real wire date.
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

function utcDay(year: string, month: string, day: string): number {
  const mon = MONTHS[month.slice(0, 3).toLowerCase()];
  return mon === undefined ? NaN : Date.UTC(Number(year), mon, Number(day));
}
