import { charClass } from './char-class';
import type { Token } from './text-key';

const isEdgePunct = charClass(/[\s,،;؛:—–\-.!?؟…]/u);

/** Index of the first token that starts at or after `offset`. */
export function tokenIndexFrom(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the first token that ends after `offset`. */
export function tokenIndexAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].end <= offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return lo;
}

/** `end` less the spaces and punctuation that close text[start, end). */
export function trimEdgeEnd(text: string, start: number, end: number): number {
  while (end > start && isEdgePunct(text.charCodeAt(end - 1))) end--;
  return end;
}
