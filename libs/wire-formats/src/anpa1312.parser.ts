import { teletypeCues } from './agency-prefixes';
import { parseByline } from './byline';
import { providerSlug, type StoryDraft } from './build-story';
import { parseLooseDateline } from './dateline';
import {
  monthDayYearTime,
  splitFrame,
  splitNotes,
  teletypeParagraphs,
  withoutEndMarker,
} from './teletype-frame';
import { editorNoteOf } from './text-blocks';
import { WireFormatError } from './wire-format.error';

// ANPA-1312 priority codes: flash, bulletin, urgent, routine, deferred … as IPTC urgency.
const PRIORITY: Record<string, number> = { f: 1, b: 2, u: 3, r: 5, s: 5, d: 6, a: 6 };
// The keyword (slug) line: `BC-Iran-Election, 1st Ld-Writethru,0388` or `BC-LT--Argentina-Cancer Beauty,466`.
const KEYWORD_LINE = /^[A-Z]{1,3}-[A-Za-z]{1,4}-{1,2}\S|,\s?\d{3,4}$/;
const EDS = /^\(?Eds?\s?:\s*(.{0,2000}?)\)?$/i;
const BYLINE = /^By\s+\S/i;
// A byline's second caret line: `Associated Press`, `AP Business Writer`.
const BYLINE_TITLE =
  /^(?:Associated Press|AP\b.{0,40}(?:Writer|Correspondent|Editor)|.{0,40}\b(?:Writer|Correspondent))$/i;
// Lines that close or continue a story on the wire, not copy.
const END_MARKER =
  /^(?:\(?(?:END|MORE|ENDIT|ADVANCE)\)?|_{3,}|x{3,}|AP-[A-Z]{2}-\d{2}-\d{2}-\d{2}\s\d{4}\s?(?:GMT|EDT|EST)?)$/i;

/**
 * ANPA-1312 (the US agencies' teletype): `SYN SYN SOH` then a header
 * `a0459 r i BC-Iran-Funeral 1stLd-Writethru 05-23 0612` (selector and story number, priority,
 * category, keyword/slug, version words, date, word count), `STX`, text whose `^`-lines carry the
 * keyword line, headline, editor's note (`Eds:`) and byline, the copy with its AP dateline
 * (`BUENOS AIRES, Argentina (AP) _`), end markers, `ETX`, and a time stamp trailer. An alert with
 * no headline line takes its one paragraph as the headline; a text with no copy is refused.
 */
export function parseAnpa1312(input: string): StoryDraft[] {
  const frame = splitFrame(input);
  const [selector = '', priority = '', category = '', ...rest] = frame.header.split(/\s+/);
  const { slug, versionWords, date } = keywordOf(rest.join(' '));
  const cues = teletypeCues(versionWords);

  const lines = frame.text.split(/\r?\n/);
  const notes: string[] = [];
  const candidates: string[] = [];
  let byline: string | undefined;
  let bylineTitle: string | undefined;
  for (const raw of lines.filter((l) => l.startsWith('^'))) {
    const line = withoutEndMarker(raw.slice(1)).trim();
    if (!line || (slug && line.startsWith(slug)) || KEYWORD_LINE.test(line)) continue;
    const eds = EDS.exec(line);
    if (eds) notes.push(eds[1].trim());
    else if (BYLINE.test(line)) byline = line;
    else if (byline && !bylineTitle && BYLINE_TITLE.test(line)) bylineTitle = line;
    else candidates.push(line);
  }
  const { copy, notes: editorsOnly } = splitNotes(lines.filter((l) => !l.startsWith('^')));
  const body: string[] = [];
  for (const paragraph of teletypeParagraphs(copy)) {
    const note = editorNoteOf(paragraph) ?? EDS.exec(paragraph)?.[1];
    if (note) notes.push(note.trim());
    else if (!END_MARKER.test(paragraph)) body.push(paragraph);
  }
  if (body.length === 0)
    throw new WireFormatError('EMPTY_BODY', 'ANPA-1312 text holds header lines and no copy');
  // An alert carries no headline line: its one paragraph is the headline.
  const headline = candidates[0] ?? (body.length === 1 ? body[0] : '');
  const dateline = parseLooseDateline(body[0]);
  const parsedByline = byline ? parseByline(byline, bylineTitle) : undefined;
  const editorNote = [...notes, ...editorsOnly].join(' ');
  return [
    {
      guid: slug ? `${slug}:${date ?? ''}`.toLowerCase().replace(/\s+/g, '-') : selector || undefined,
      version: 1 + cues.revisions,
      signals: cues.signals,
      provider: providerSlug(dateline?.agency),
      urgency: PRIORITY[priority.toLowerCase()],
      subjects: category ? [{ name: category, code: category, scheme: 'anpa-category' }] : [],
      slug,
      headline,
      byline: parsedByline ? parsedByline.authors.map((a) => a.name).join(' and ') : undefined,
      authors: parsedByline?.authors,
      editorNote: editorNote || undefined,
      dateline,
      versionCreated: monthDayYearTime(frame.trailer),
      body,
    },
  ];
}

/**
 * The header after the category: `BC-Iran-Election 1stLd-Writethru 06-29 0388` or
 * `BC-LT--Argentina-Cancer Beauty,466` -> slug, version words, date.
 */
function keywordOf(rest: string): { slug?: string; versionWords: string; date?: string } {
  const [keyword, ...after] = rest.split(',');
  const tokens = keyword.trim().split(/\s+/);
  const cut = tokens.findIndex(
    (t, i) => i > 0 && (/^\d{2}-\d{2}$/.test(t) || /^\d{3,5}$/.test(t) || teletypeCues(t).signals.length > 0),
  );
  const slugTokens = cut < 0 ? tokens : tokens.slice(0, cut);
  const tail = [...(cut < 0 ? [] : tokens.slice(cut)), ...after].join(' ');
  return {
    slug: slugTokens.join(' ') || undefined,
    versionWords: tail
      .split(/\s+/)
      .filter((t) => !/^\d{2}-\d{2}$/.test(t) && !/^\d{3,5}$/.test(t))
      .join(' '),
    date: /\b\d{2}-\d{2}\b/.exec(tail)?.[0],
  };
}
