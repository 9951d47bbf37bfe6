import type { Dateline, Signal } from '@newswire/contracts';
import { teletypeCues } from './agency-prefixes';
import { isSignature, parseByline } from './byline';
import { providerSlug, type StoryDraft } from './build-story';
import { parseLooseDateline } from './dateline';
import {
  dayTimeMonthYear,
  splitFrame,
  splitNotes,
  teletypeParagraphs,
  withoutEndMarker,
} from './teletype-frame';
import { WireFormatError } from './wire-format.error';

// A keyword line: words joined by `-` or `/` (`Gaza-conflict-Israel`, `Partei/Deutschland/Grüne/`),
// optionally followed by version words after a comma (`, 2nd lead`).
const KEYWORD_LINE = /^[\p{L}\d.]+(?:[-/:][\p{L}\d. ]*)+(?:,[^,]{0,40})?$/u;
// Lines that only say what kind of version this is (`REFILE`, `1ST LEAD`, `URGENT`).
const VERSION_WORDS =
  /^(?:REFILE|EXTRA|URGENT|FLASH|BULLETIN|CORRECTION|CORRECTED|KILL|ADVISORY|\d{1,2}(?:ST|ND|RD|TH)\s(?:LEAD|LD)|(?:\d{1,2}(?:st|nd|rd|th)\s)?(?:lead|Ld)(?:-Writethru)?)$/i;
const BYLINE = /^(?:By|Von|Por|Par|Av|Af)\s+\p{Lu}/u;
const DATE_LINE = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s\d{1,2}\s\p{L}+\s\d{4}$/u;
// AP's service prefix before a headline: `AP-APTN-1330: Bosnia Mine Rescue`.
const SERVICE_PREFIX = /^[A-Z]{2,5}-[A-Z]{2,5}-\d{4}:?\s+/;
const NOTE = /^(?:Berichtigung|Korrektur|Correction|Corrects|Achtung|Eds?\.?|Editors?|Note)\b:?\s*/i;
const CORRECTION = /^(?:Berichtigung|Korrektur|Correction|Corrects)\b/i;

/**
 * IPTC 7901 (the European agencies' teletype): `SOH`, a header `AFP0412 4 POL 0345 /AFP-TV28`
 * (service and message number, priority 1-6, category, word count, the source) and, in dpa's
 * practice, the keyword line; `STX`; a title block: notes in parentheses (`(Berichtigung: …)`,
 * `(Eil)`), the keyword line where the header had none, version words, the headline, the byline,
 * ended by ` =` (dpa) or a blank line; then the copy, which the dpa notepad or a "not for
 * publication" notice ends (both carried as the editor's note), the editors' initials and an end
 * line with the time (`AFP 231000 GMT MAY 24`), `ETX`. A text with no copy is refused.
 */
export function parseIptc7901(input: string): StoryDraft[] {
  const frame = splitFrame(input);
  const [headerLine = '', ...keywordLines] = frame.header.split(/\r?\n/).map((l) => l.trim());
  const tokens = headerLine.split(/\s+/);
  const [service = '', priority = '', category = ''] = tokens;
  const lines = frame.text.split(/\r?\n/);
  let slug = keywordLines.filter(Boolean).join(' ') || undefined;
  const title = titleBlock(lines);
  const cueWords: string[] = [];
  const notes: string[] = [];
  const candidates: string[] = [];
  let byline: string | undefined;
  for (const raw of title.lines) {
    const line = withoutEndMarker(raw.replace(/^\^/, '')).trim();
    if (!line) continue;
    if (line.startsWith('(') && line.endsWith(')')) {
      const inner = line.slice(1, -1).trim();
      if (CORRECTION.test(inner)) cueWords.push('CORRECTION');
      if (NOTE.test(inner)) notes.push(inner);
    } else if (
      !slug &&
      candidates.length === 0 &&
      KEYWORD_LINE.test(line) &&
      !/\s\S+\s/.test(line.split(',')[0])
    )
      slug = line;
    else if (VERSION_WORDS.test(line)) cueWords.push(line);
    else if (BYLINE.test(line)) byline = line;
    else if (!DATE_LINE.test(line)) candidates.push(line.replace(SERVICE_PREFIX, '').replace(/[\s-]+$/, ''));
  }
  // dpa closes the title block with ` =` after the headline's topline; elsewhere the headline comes first.
  const headline = (title.closed ? candidates[candidates.length - 1] : candidates[0]) ?? '';
  const { copy, notes: editorsOnly } = splitNotes(lines.slice(title.end));
  const paragraphs = teletypeParagraphs(copy);
  // The end line (`AFP 231000 GMT MAY 24`) is a time stamp, the editors' initials a signature.
  let when: string | undefined;
  while (paragraphs.length > 0) {
    const last = paragraphs[paragraphs.length - 1];
    const stamp = dayTimeMonthYear(last);
    if (!stamp && !isSignature(last)) break;
    when ??= stamp;
    paragraphs.pop();
  }
  when ??= dayTimeMonthYear(frame.trailer);
  if (paragraphs.length === 0)
    throw new WireFormatError('EMPTY_BODY', 'IPTC 7901 text holds a header and no copy');
  const cues = teletypeCues([slug?.split(',').slice(1).join(',') ?? '', ...cueWords].join(' '));
  const signals: Signal[] = cues.signals;
  const dateline = paragraphs.slice(0, 3).map(parseLooseDateline).find(Boolean) ?? apDateline(copy);
  const agency = agencyOf(tokens) ?? dateline?.agency;
  const parsedByline = byline ? parseByline(byline) : undefined;
  const topic = slug?.split(',')[0].replace(/\/+$/, '').trim();
  const editorNote = [...notes, ...editorsOnly.filter((l) => !isSignature(l))].join(' ');
  return [
    {
      guid: topic
        ? `${agency ?? 'wire'}:${topic}:${when?.slice(0, 10) ?? ''}`.toLowerCase().replace(/\s+/g, '-')
        : service || undefined,
      version: 1 + cues.revisions,
      signals,
      provider: providerSlug(agency),
      urgency: /^[1-6]$/.test(priority) ? Number(priority) : undefined,
      subjects: category ? [{ name: category, code: category, scheme: 'iptc7901-category' }] : [],
      slug: topic,
      keywords: topic?.includes('/') ? topic.split('/').filter(Boolean) : [],
      headline,
      byline: parsedByline?.byline,
      authors: parsedByline?.authors,
      editorNote: editorNote || undefined,
      dateline,
      versionCreated: when,
      body: paragraphs,
    },
  ];
}

/** The title block's lines: up to the first line ending in ` =`, or to the first blank line. */
function titleBlock(lines: string[]): { lines: string[]; end: number; closed: boolean } {
  const out: string[] = [];
  let open = '';
  for (let i = 0; i < lines.length && i < 20; i++) {
    const line = lines[i].trim();
    // A note in parentheses may run over several lines.
    if (open || (line.startsWith('(') && !line.includes(')'))) {
      open = open ? `${open} ${line}` : line;
      if (line.includes(')')) {
        out.push(open);
        open = '';
      }
      continue;
    }
    if (line === '' || line === '<') {
      if (out.length > 0) return { lines: out, end: i, closed: false };
      continue;
    }
    out.push(line);
    if (/\s=$/.test(line)) return { lines: out, end: i + 1, closed: true };
  }
  // No title block at all: the first line is the headline, the rest is copy.
  return { lines: out.slice(0, 1), end: Math.min(1, lines.length), closed: false };
}

/** The agency the header names (`… 831  dpa 0000`), or the letters of the service (`AFP0412`). */
function agencyOf(tokens: string[]): string | undefined {
  const named = tokens.slice(3).find((t) => /^[a-z]{2,6}(?:-[a-z]{2,6})?$/i.test(t));
  if (named) return named.split('-')[0];
  const letters = /^([A-Za-z]{2,})\d/.exec(tokens[0] ?? '')?.[1];
  return letters && letters.length >= 3 ? letters : undefined;
}

/** AP Television's script header line `DATELINE: Zenica - 5 Sept 2014`. */
function apDateline(lines: string[]): Dateline | undefined {
  for (const line of lines) {
    const m = /^\s*DATELINE:\s*([^-–]{1,60}?)\s*[-–]\s*(.{1,30}?)\s*$/.exec(line);
    if (m) return { place: m[1], date: m[2], text: `${m[1]} - ${m[2]}` };
  }
  return undefined;
}
