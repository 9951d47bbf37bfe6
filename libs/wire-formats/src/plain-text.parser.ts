import type { Dateline } from '@newswire/contracts';
import type { StoryDraft } from './build-story';
import { toIsoDate } from './iso-date';
import { bylineOf, captionLine, textBlocks } from './text-blocks';

const MIN_READ = /^\d{1,3}\s?min(?:ute)?s?\.?\s(?:read|lesen|de lecture)$/i;
const DATE_PREFIX = /^(?:Published|Updated|Last updated|Posted)\s?(?:on)?:?\s?/i;

/**
 * Web-article text as copied from a page: a headline, then a head block (standfirst,
 * "N min read", a date line, an image caption ending in `[credit]`, a byline), then body
 * paragraphs. The head block runs to the last of the first three blocks that holds one of those
 * markers; the body is only the real paragraphs, with any stray caption or "min read" line removed.
 */
export function parsePlainText(text: string): StoryDraft[] {
  const blocks = textBlocks(text);
  if (blocks.length === 0) return [{ headline: '', body: [] }];
  const [headline, ...firstRest] = blocks[0];
  const rest = [firstRest, ...blocks.slice(1)];
  // -1: no head block, everything after the headline is body.
  let headEnd = -1;
  for (let i = 0; i < Math.min(rest.length, 3); i++) if (rest[i].some(isHeadMarker)) headEnd = i;

  const standfirst: string[] = [];
  const captions: Array<{ text: string; credit?: string }> = [];
  let byline: string | undefined;
  let date: string | undefined;
  for (const line of rest.slice(0, headEnd + 1).flat()) {
    const caption = captionLine(line);
    if (caption) captions.push(caption);
    else if (MIN_READ.test(line)) continue;
    else if (!date && dateOf(line)) date = line;
    else if (!byline && bylineOf(line)) byline = bylineOf(line);
    else standfirst.push(line);
  }
  const body: string[] = [];
  for (const block of rest.slice(headEnd + 1)) {
    const lines = block.filter((line) => {
      const caption = captionLine(line);
      if (caption) captions.push(caption);
      return !caption && !MIN_READ.test(line);
    });
    if (lines.length > 0) body.push(lines.join(' '));
  }
  const iso = date ? dateOf(date) : undefined;
  const dateline: Dateline | undefined = date ? { date } : undefined;
  return [
    {
      headline,
      subheadline: standfirst.join(' ') || undefined,
      body,
      byline,
      dateline,
      firstCreated: iso,
      versionCreated: iso,
      captions: captions.length > 0 ? captions : undefined,
    },
  ];
}

function isHeadMarker(line: string): boolean {
  return (
    MIN_READ.test(line) || captionLine(line) !== undefined || dateOf(line) !== undefined || !!bylineOf(line)
  );
}

function dateOf(line: string): string | undefined {
  if (line.length > 48) return undefined;
  const s = line.replace(DATE_PREFIX, '');
  // Only lines that are a date and nothing else: a short sentence that happens to parse is not one.
  return /\d/.test(s) && !/[.!?]$/.test(s) ? toIsoDate(s) : undefined;
}
