import type { CueLexicon } from './cue-lexicon';
import type { Mention, MentionMatcher } from './mention-matcher';
import type { Token } from './text-key';

/** What every step of one story's extraction reads: its text, tokens, lexicon and matcher. */
export interface Context {
  text: string;
  /** The story's language code ("ar", "fa", "en"). */
  language: string;
  tokens: Token[];
  lex: CueLexicon;
  matcher: MentionMatcher;
}

/** A character range [start, end) of the text. */
export interface Range {
  start: number;
  end: number;
}

/** An outlet's noun phrase: its mentions (several when coordinated) and descriptor words. */
export interface Group {
  members: Mention[];
  /** First and last token of the phrase, descriptors included. */
  first: number;
  last: number;
  hasKindNoun: boolean[];
}

export type CueSide = 'after' | 'before' | 'verb-first' | 'relative';

/** The words linking a group to its claim, tokens [first, last], and where they stand. */
export interface Cue {
  side: CueSide;
  first: number;
  last: number;
}

/** The longest stretch of text a rule scans from one place: keeps the work per mention bounded. */
export const SCAN_WINDOW = 400;

/** `text.slice(from, to)`, at most SCAN_WINDOW characters of it. */
export function window(ctx: Context, from: number, to: number): string {
  return ctx.text.slice(from, Math.min(to, from + SCAN_WINDOW));
}
