import { teletypeCues } from './agency-prefixes';
import { providerSlug, type StoryDraft } from './build-story';
import { parseDateline } from './dateline';
import { monthDayYearTime, splitFrame, teletypeParagraphs } from './teletype-frame';
import { bylineOf } from './text-blocks';

// ANPA-1312 priority codes: flash, bulletin, urgent, routine, deferred … as IPTC urgency.
const PRIORITY: Record<string, number> = { f: 1, b: 2, u: 3, r: 5, s: 5, d: 6, a: 6 };

/**
 * ANPA-1312 (the US agencies' teletype): `SYN SYN SOH` then a header
 * `a0459 r i BC-Iran-Funeral 1stLd-Writethru 05-23 0612` (selector and story number, priority,
 * category, slug, version words, date, word count), `STX`, text whose `^`-lines carry the
 * keyword, headline, editor's note and byline, `ETX`, and a time stamp trailer.
 */
export function parseAnpa1312(input: string): StoryDraft[] {
  const frame = splitFrame(input);
  const tokens = frame.header.split(/\s+/);
  const [selector = '', priority = '', category = '', slug = ''] = tokens;
  const versionWords = tokens
    .slice(4)
    .filter((t) => !/^\d{2}-\d{2}$/.test(t) && !/^\d{3,5}$/.test(t))
    .join(' ');
  const date = tokens.find((t) => /^\d{2}-\d{2}$/.test(t));
  const cues = teletypeCues(versionWords);

  const lines = frame.text.split(/\r?\n/);
  const caretLines = lines
    .filter((l) => l.startsWith('^'))
    .map((l) =>
      l
        .slice(1)
        .replace(/[<=]\s*$/, '')
        .trim(),
    );
  let headline = '';
  let byline: string | undefined;
  let editorNote: string | undefined;
  for (const line of caretLines) {
    if (slug && line.startsWith(slug)) continue;
    if (/^Eds?:/i.test(line)) editorNote = line.replace(/^Eds?:\s*/i, '');
    else if (bylineOf(line)) byline = bylineOf(line);
    else if (!headline) headline = line;
  }
  const body = teletypeParagraphs(lines.filter((l) => !l.startsWith('^')));
  const dateline = body.length > 0 ? parseDateline(body[0]) : undefined;
  const when = monthDayYearTime(frame.trailer);
  return [
    {
      guid: slug ? `${slug}:${date ?? ''}`.toLowerCase() : selector || undefined,
      version: 1 + cues.revisions,
      signals: cues.signals,
      provider: providerSlug(dateline?.agency),
      urgency: PRIORITY[priority.toLowerCase()],
      subjects: category ? [{ name: category, code: category, scheme: 'anpa-category' }] : [],
      slug: slug || undefined,
      headline,
      byline,
      editorNote,
      dateline,
      versionCreated: when,
      body,
    },
  ];
}
