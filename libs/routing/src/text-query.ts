import type { ArticleProjection } from '@newswire/contracts';

/** Words as PostgreSQL's `simple` text search configuration takes them: lower-case runs of letters and digits. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

interface Term {
  words: string[];
  negated: boolean;
}

/**
 * A `q` of GET /articles read as PostgreSQL's websearch_to_tsquery reads it, to be matched in
 * memory (the stream has no database): words all present, "a phrase" in sequence, -word absent,
 * `or` between alternatives.
 */
export function textQuery(q: string): (p: ArticleProjection) => boolean {
  const alternatives: Term[][] = [[]];
  for (const [, phrase, word] of q.matchAll(/(-?"[^"]*"?)|(\S+)/g)) {
    const raw = phrase ?? word;
    if (raw.toLowerCase() === 'or') {
      alternatives.push([]);
      continue;
    }
    const negated = raw.startsWith('-');
    const found = words(raw);
    if (found.length) alternatives[alternatives.length - 1].push({ words: found, negated });
  }
  const usable = alternatives.filter((a) => a.length);
  return (p) => {
    if (!usable.length) return true;
    const text = words([p.headline, p.standfirst ?? '', ...p.body].join(' '));
    return usable.some((terms) => terms.every((t) => contains(text, t.words) !== t.negated));
  };
}

function contains(text: string[], phrase: string[]): boolean {
  for (let i = 0; i + phrase.length <= text.length; i++)
    if (phrase.every((w, j) => text[i + j] === w)) return true;
  return false;
}
