import type { ArticleProjection } from '@newswire/contracts';
import { canonicalJson } from './canonical-json';

/**
 * One difference between two versions. For `body`, one entry per changed paragraph with
 * `{ index, text }` on each side (`from: null` = inserted, `to: null` = removed); for the lists
 * (`attributions`, `sources`, `duplicates`, `related`), one entry per added, removed or changed item.
 */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface Paragraph {
  index: number;
  text: string;
}

const SCALAR_FIELDS = [
  'status',
  'headline',
  'standfirst',
  'language',
  'dateline',
  'firstPublished',
  'lastRevised',
  'registryVersion',
] as const satisfies readonly (keyof ArticleProjection)[];

/** What a reader sees change from `a` to `b`; bookkeeping (version, revisions, lastSequence) is left out. */
export function diffProjections(a: ArticleProjection, b: ArticleProjection): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of SCALAR_FIELDS) {
    if (canonicalJson(a[field]) !== canonicalJson(b[field]))
      changes.push({ field, from: a[field] ?? null, to: b[field] ?? null });
  }
  changes.push(...diffParagraphs(a.body, b.body));
  changes.push(...diffKeyed('attributions', a.attributions, b.attributions, (g) => g.outlet.id));
  changes.push(
    ...diffKeyed(
      'sources',
      a.sources,
      b.sources,
      (s) => `${s.source}\u0000${s.guid}\u0000${s.version}\u0000${s.role}`,
    ),
  );
  changes.push(
    ...diffKeyed(
      'duplicates',
      a.duplicates,
      b.duplicates,
      (d) => `${d.source}\u0000${d.guid}\u0000${d.version}`,
    ),
  );
  changes.push(...diffKeyed('related', a.related, b.related, (r) => r.articleId));
  return changes;
}

/** Items matched by key: added, removed, or present on both sides with different content. */
function diffKeyed<T>(field: string, from: T[], to: T[], key: (item: T) => string): FieldChange[] {
  const before = new Map(from.map((item) => [key(item), item]));
  const after = new Map(to.map((item) => [key(item), item]));
  const changes: FieldChange[] = [];
  for (const [k, item] of before) {
    const other = after.get(k);
    if (other === undefined) changes.push({ field, from: item, to: null });
    else if (canonicalJson(item) !== canonicalJson(other)) changes.push({ field, from: item, to: other });
  }
  for (const [k, item] of after) if (!before.has(k)) changes.push({ field, from: null, to: item });
  return changes;
}

/**
 * Paragraph-level diff over the longest common subsequence: unchanged paragraphs are skipped, a
 * removal followed by an insertion at the same place reads as one replaced paragraph.
 */
export function diffParagraphs(from: string[], to: string[]): FieldChange[] {
  const n = from.length;
  const m = to.length;
  // lcs[i][j] = LCS length of from[i..] and to[j..]; bodies are tens of paragraphs, so O(n*m) is fine.
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = from[i] === to[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const changes: FieldChange[] = [];
  const removed: Paragraph[] = [];
  const added: Paragraph[] = [];
  const flush = (): void => {
    const pairs = Math.max(removed.length, added.length);
    for (let k = 0; k < pairs; k++)
      changes.push({ field: 'body', from: removed[k] ?? null, to: added[k] ?? null });
    removed.length = 0;
    added.length = 0;
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && from[i] === to[j]) {
      flush();
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
      removed.push({ index: i, text: from[i] });
      i++;
    } else {
      added.push({ index: j, text: to[j] });
      j++;
    }
  }
  flush();
  return changes;
}
