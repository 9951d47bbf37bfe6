import type { Author } from '@newswire/contracts';
import { collapse } from './html-to-text';

export interface Byline {
  /** As the wire gives it, without the leading `By`. */
  byline: string;
  authors: Author[];
}

const BY = /^(?:by|von|por|par|av|af)\s+/i;
// A part after the names that says what they are, not who: `EP Aerospace Writer`, `AP-Korrespondent`.
const TITLE =
  /\b(?:writer|correspondent|editor|reporter|staff|journalist|columnist|analyst|bureau|chief|contributor|producer|press|associated|redakteur\w*|korrespondent\w*|redaktion|corresponsal|redacci[oó]n|dpa|ap|afp|reuters|efe|apa|ansa|kna|kap)\b|-korrespondent/i;
// Editors' initials that sign a story off (`fn/mro`, `dpa kre/su yysw a3`, `ففف/ح س/كام`): no author.
const SIGNATURE =
  /^(?:dpa\s)?[\p{L}]{1,6}(?:\s?[\p{L}]{1,4})?(?:\/[\p{L}]{1,6}(?:\s[\p{L}\d]{1,5}){0,4}){1,4}$|^dpa(?:\s[\p{L}\d/]{1,6}){2,6}$/u;

export function isSignature(line: string): boolean {
  return line.length <= 60 && SIGNATURE.test(line.trim());
}

const AND = /\s+(?:and|und|y|et|og|och|&)\s+|\s*,\s*/i;

/**
 * A byline as names and titles: `By Alan Karben, EP Aerospace Writer` -> Alan Karben (EP Aerospace
 * Writer); `By Jane Doe and John Roe` -> two authors. `title` is the wire's own title element
 * (NITF `byttl`), which then is not guessed from the text.
 */
export function parseByline(text: string, title?: string): Byline | undefined {
  let rest = collapse(text).replace(BY, '');
  const ownTitle = title ? collapse(title) : '';
  if (ownTitle) rest = rest.replace(ownTitle, '');
  rest = rest.replace(/[\s.,;:]+$/, '').replace(/^[\s.,;:]+/, '');
  if (!rest) return undefined;
  let names = rest;
  let guessed: string | undefined;
  const comma = rest.lastIndexOf(', ');
  const after = rest.slice(comma + 2);
  // `…, dpa`: an agency's short name after the names is their title too.
  if (!ownTitle && comma > 0 && (TITLE.test(after) || /^(?:[a-z]{2,6}|[A-Z]{2,6})$/.test(after))) {
    names = rest.slice(0, comma);
    guessed = after;
  }
  const authorTitle = ownTitle.replace(/[\s.,;:]+$/, '') || guessed;
  const authors = names
    .split(AND)
    .map((n) => n.trim())
    // An e-mail address (RSS `author`) names a mailbox, not a person.
    .filter((n) => n.length > 0 && !n.includes('@'))
    .map((name) => (authorTitle ? { name, title: authorTitle } : { name }));
  return {
    byline: authorTitle ? `${names}, ${authorTitle}` : names,
    authors,
  };
}
