import { isNotForPublication } from './text-blocks';
import { WireFormatError } from './wire-format.error';

export const SOH = '\x01';
export const STX = '\x02';
export const ETX = '\x03';
export const SYN = '\x16';

// Teletype framing is made of control characters, so these classes name them on purpose:
// line-feed and carriage return stay, every other C0 code is transmission noise.
/* eslint-disable no-control-regex */
const NOISE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const ANY_CONTROL = /[\x00-\x1f\x7f]/g;
/* eslint-enable no-control-regex */

export interface TeletypeFrame {
  /** Header line(s) between SOH and STX. */
  header: string;
  /** Story text between STX and ETX. */
  text: string;
  /** Anything after ETX (the ANPA time stamp, the 7901 end line). */
  trailer: string;
}

/** Splits a teletype transmission at its SOH / STX / ETX control characters. */
export function splitFrame(input: string): TeletypeFrame {
  const soh = input.indexOf(SOH);
  const stx = input.indexOf(STX, soh + 1);
  if (soh < 0 || stx < 0)
    throw new WireFormatError('MALFORMED', 'teletype copy needs SOH and STX control characters');
  const etx = input.indexOf(ETX, stx + 1);
  const end = etx < 0 ? input.length : etx;
  return {
    header: input
      .slice(soh + 1, stx)
      .replace(NOISE, '')
      .trim(),
    text: input.slice(stx + 1, end).replace(NOISE, ''),
    trailer:
      etx < 0
        ? ''
        : input
            .slice(etx + 1)
            .replace(ANY_CONTROL, ' ')
            .trim(),
  };
}

// A line of only dashes, equals signs or stars (`-----`, `* * * *`) separates; it is no copy.
const RULE = /^\s*(?:[-=_*]\s?){4,}$/;
// A table row (`| FC Augsburg | - | 2:1 |`) stays a line of its own.
const TABLE_ROW = /^\s*\|/;

/**
 * Teletype paragraphs: a blank line or an indented line starts a new one (wire copy indents
 * each paragraph and hard-wraps at ~69 columns). Line-end markers (`<`, `=`) and the AP format
 * caret (`^`) are dropped, rule lines separate, and every table row is its own paragraph.
 */
export function teletypeParagraphs(lines: string[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) out.push(current.join(' '));
    current = [];
  };
  for (const raw of lines) {
    const line = withoutEndMarker(raw.startsWith('^') ? raw.slice(1) : raw);
    if (line.trim() === '' || RULE.test(line)) flush();
    else if (TABLE_ROW.test(line)) {
      flush();
      out.push(line.trim().replace(/\s{2,}/g, ' '));
    } else {
      if (/^\s/.test(line)) flush();
      current.push(line.trim());
    }
  }
  flush();
  return out;
}

/** A line without its end-of-line marker (`<` AP, `=` dpa) and the space before it. */
export function withoutEndMarker(line: string): string {
  const end = line.trimEnd();
  const last = end[end.length - 1];
  return last === '<' || last === '=' ? end.slice(0, -1).trimEnd() : line;
}

// dpa's notepad: what follows it is for editors only.
const NOTEPAD = /^\s*#\s*Notizblock\b/i;

/** Copy lines and the editors-only lines that end a teletype text (notepad, not-for-publication). */
export function splitNotes(lines: string[]): { copy: string[]; notes: string[] } {
  const at = lines.findIndex((l) => NOTEPAD.test(l) || isNotForPublication(l));
  if (at < 0) return { copy: lines, notes: [] };
  const notes = lines
    .slice(at)
    .map((l) => l.replace(/^\s*#+\s*/, '').trim())
    .filter((l) => l && !RULE.test(l) && !/^Notizblock$/i.test(l));
  return { copy: lines.slice(0, at), notes };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** `231000 GMT MAY 24` (7901) -> 2024-05-23T10:00:00.000Z. */
export function dayTimeMonthYear(s: string): string | undefined {
  const m = /\b(\d{2})(\d{2})(\d{2})\s?GMT\s([A-Z]{3})\s(\d{2})\b/i.exec(s);
  if (!m) return undefined;
  const mon = MONTHS.indexOf(m[4].toUpperCase());
  if (mon < 0) return undefined;
  const ms = Date.UTC(2000 + Number(m[5]), mon, Number(m[1]), Number(m[2]), Number(m[3]));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** `05-23-24 1012GMT` (ANPA trailer) -> 2024-05-23T10:12:00.000Z. */
export function monthDayYearTime(s: string): string | undefined {
  const m = /\b(\d{2})-(\d{2})-(\d{2})\s(\d{2})(\d{2})\s?GMT\b/i.exec(s);
  if (!m) return undefined;
  const ms = Date.UTC(2000 + Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
