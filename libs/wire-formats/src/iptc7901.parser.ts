import { teletypeCues } from './agency-prefixes';
import { providerSlug, type StoryDraft } from './build-story';
import { parseDateline } from './dateline';
import { dayTimeMonthYear, splitFrame, teletypeParagraphs } from './teletype-frame';
import { bylineOf } from './text-blocks';

/**
 * IPTC 7901 (the European agencies' teletype): `SOH`, a header `AFP0412 4 POL 0345 /AFP-TV28`
 * (service and message number, priority 1-6, category, word count, optional), `STX`, a keyword
 * line carrying the version words (`UPDATE`, `2nd lead`, `CORRECTION`, `KILL`, `ADV`), the
 * headline, body paragraphs, and an end line with the time (`AFP 231000 GMT MAY 24`), `ETX`.
 */
export function parseIptc7901(input: string): StoryDraft[] {
  const frame = splitFrame(input);
  const [service = '', priority = '', category = ''] = frame.header.split(/\s+/);
  const lines = frame.text.split(/\r?\n/);
  const content = lines.map((l) => l.trim()).filter(Boolean);
  const keyword = content[0] ?? '';
  const headline = content[1] ?? '';
  let rest = lines.slice(lines.findIndex((l) => l.trim() === headline) + 1);
  let byline: string | undefined;
  const firstText = rest.find((l) => l.trim());
  if (firstText && bylineOf(firstText.trim())) {
    byline = bylineOf(firstText.trim());
    rest = rest.slice(rest.indexOf(firstText) + 1);
  }
  const paragraphs = teletypeParagraphs(rest);
  // The end line (`AFP 231000 GMT MAY 24`, or `xx/yy` initials) is a time stamp, not copy.
  const last = paragraphs[paragraphs.length - 1] ?? '';
  const when = dayTimeMonthYear(last) ?? dayTimeMonthYear(frame.trailer);
  const body = dayTimeMonthYear(last) ? paragraphs.slice(0, -1) : paragraphs;
  const cues = teletypeCues(keyword);
  const dateline = body.length > 0 ? parseDateline(body[0]) : undefined;
  const agency = /^[A-Za-z]+/.exec(service)?.[0];
  const topic = keyword.split(/,/)[0].trim();
  return [
    {
      guid: topic
        ? `${agency ?? 'wire'}:${topic}:${when?.slice(0, 10) ?? ''}`.toLowerCase().replace(/\s+/g, '-')
        : service || undefined,
      version: 1 + cues.revisions,
      signals: cues.signals,
      provider: providerSlug(agency ?? dateline?.agency),
      urgency: /^[1-6]$/.test(priority) ? Number(priority) : undefined,
      subjects: category ? [{ name: category, code: category, scheme: 'iptc7901-category' }] : [],
      slug: keyword || undefined,
      headline,
      byline,
      dateline,
      versionCreated: when,
      body,
    },
  ];
}
