import { collapse } from './html-to-text';

/**
 * Plain text to paragraphs: blank lines separate paragraphs, and the lines of one paragraph
 * (hard-wrapped copy) are joined with a space.
 */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n[ \t]*\r?\n\s*/)
    .map(collapse)
    .filter((p) => p.length > 0);
}
