import { stripHeadlinePrefixes } from './agency-prefixes';
import { providerSlug, type StoryDraft } from './build-story';
import { parseDateline } from './dateline';
import { bylineOf, editorNoteOf, textBlocks } from './text-blocks';

// A slug line: upper-case words joined by `-` or `/` (`IRAN-RAISI/GROUPS`), nothing else.
const SLUG = /^[A-Z0-9][A-Z0-9.&]{0,30}(?:[-/][A-Z0-9][A-Z0-9.&]{0,30}){1,6}$/;

/**
 * Classic agency copy: optional slug line, a headline with version prefixes (`UPDATE 1-`,
 * `CORRECTED-`, `WRAPUP 2-`, `KILL-`), a byline, editor's notes, then paragraphs opening with
 * the dateline `CITY, Month D (Agency) - `. Agency copy carries no id, so the guid is the agency,
 * slug and dateline date: every version of one story shares it and the prefixes give the version.
 */
export function parseAgencyText(text: string): StoryDraft[] {
  const blocks = textBlocks(text);
  const start = blocks.findIndex((b) => parseDateline(b.join(' ')) !== undefined);
  const headLines = (start < 0 ? blocks.slice(0, 1) : blocks.slice(0, start)).flat();
  const bodyBlocks = start < 0 ? blocks.slice(1) : blocks.slice(start);

  let slug: string | undefined;
  let byline: string | undefined;
  let rawHeadline: string | undefined;
  const notes: string[] = [];
  for (const line of headLines) {
    // `(Adds comments by Assad in paragraph 3)`: the agency's note on what this version changes.
    const note = editorNoteOf(line) ?? (/^\(.{1,500}\)$/.test(line) ? line.slice(1, -1) : undefined);
    if (note) notes.push(note);
    else if (!slug && SLUG.test(line)) slug = line;
    else if (!byline && bylineOf(line)) byline = bylineOf(line);
    else if (!rawHeadline) rawHeadline = line;
  }
  const body: string[] = [];
  for (const block of bodyBlocks) {
    const paragraph = block.join(' ');
    const note = editorNoteOf(paragraph);
    if (note) notes.push(note);
    else body.push(paragraph);
  }
  const { headline, cues } = stripHeadlinePrefixes(rawHeadline ?? '');
  const dateline = body.length > 0 ? parseDateline(body[0]) : undefined;
  const provider = providerSlug(dateline?.agency);
  return [
    {
      guid: slug
        ? [provider ?? 'agency', slug, dateline?.date ?? ''].join(':').toLowerCase().replace(/\s+/g, '-')
        : undefined,
      version: 1 + cues.revisions,
      signals: cues.signals,
      provider,
      headline,
      byline,
      slug,
      editorNote: notes.length > 0 ? notes.join(' ') : undefined,
      dateline,
      body,
    },
  ];
}
