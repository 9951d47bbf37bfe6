/** Copy as blocks (separated by blank lines) of trimmed, non-empty lines. */
export function textBlocks(text: string): string[][] {
  return text
    .split(/\r?\n[ \t]*\r?\n\s*/)
    .map((block) =>
      block
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0),
    )
    .filter((lines) => lines.length > 0);
}

/** `Caption text [Getty]` -> caption and credit, or undefined when the line has no credit. */
export function captionLine(line: string): { text: string; credit: string } | undefined {
  if (!line.endsWith(']')) return undefined;
  const open = line.lastIndexOf('[');
  if (open <= 0 || line.length - open > 80) return undefined;
  const text = line.slice(0, open).trim();
  const credit = line.slice(open + 1, -1).trim();
  return text && credit && !credit.includes(']') ? { text, credit } : undefined;
}

const BYLINE = /^By\s+[A-Z\u0600-\u06FF]/;
const EDITOR_NOTE = /^\((?:Editor'?s|Eds?\.?)[’']?\s?note:\s?([^]{0,2000}?)\)$/i;

export function bylineOf(line: string): string | undefined {
  return BYLINE.test(line) && line.length < 120 ? line.replace(/^By\s+/, '') : undefined;
}

export function editorNoteOf(line: string): string | undefined {
  return EDITOR_NOTE.exec(line)?.[1].trim();
}

// "Not for publication" notices in the agencies' languages: what they head is for editors only.
const NOT_FOR_PUBLICATION =
  /^[\s(#*]*(?:(?:die folgenden |diese )?informationen sind nicht zur veröffentlichung bestimmt|(?:the following information is )?not for publication)\b/i;

export function isNotForPublication(line: string): boolean {
  return line.length < 300 && NOT_FOR_PUBLICATION.test(line);
}
