import type { CanonicalStory } from '@newswire/contracts';
import { combine32, hashText32 } from './hash32';
import { grown } from './grown';

/**
 * Story fields whose change an `ArticleRevised` reports in `changed`. One byte of digest each: a
 * change goes unreported with odds 1/256, the price of keeping the index within a few hundred
 * bytes an article.
 */
export const TRACKED_FIELDS = [
  'headline',
  'subheadline',
  'byline',
  'dateline',
  'slug',
  'editorNote',
  'body',
  'subjects',
  'keywords',
  'urgency',
  'pubStatus',
  'signals',
] as const satisfies readonly (keyof CanonicalStory)[];

export const WITHDRAWN = 1;
export const UNSET = 0xffffffff;
// Headlines of the most recent articles only: related stories are nearly always recent, and a
// million headlines would cost more than the rest of the index.
const HEADLINE_RING = 1 << 14;

/** One byte of a field's value: strings and string lists hashed directly (no JSON on the fold's path). */
export function fieldDigest(value: unknown): number {
  if (typeof value === 'string') return hashText32(value) & 0xff;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    let h = value.length;
    for (const v of value as string[]) h = combine32(h, hashText32(v));
    return h & 0xff;
  }
  return hashText32(JSON.stringify(value ?? null)) & 0xff;
}

/**
 * What the index keeps per article, as columns of typed arrays indexed by the article's slot
 * (a million articles in a few hundred MB less than Maps of objects would take). Fields are
 * public for the index's inner loops; only CuratorIndex writes them.
 */
export class ArticleColumns {
  readonly fieldCount = TRACKED_FIELDS.length;
  count = 0;
  private cap = 1024;
  /** Guid-table entry of the story that opened the article (its id). */
  owner = new Uint32Array(this.cap);
  seq = new Uint32Array(this.cap);
  /** Minutes since the epoch of the latest applied version. */
  time = new Uint32Array(this.cap);
  state = new Uint8Array(this.cap);
  source = new Uint16Array(this.cap);
  sha = new Uint32Array(this.cap * 2);
  /** Word shingles of the current text (what the MinHash estimate is over). */
  shingles = new Uint16Array(this.cap);
  fields: Uint8Array;
  /** MinHash signature: band keys (32 bits each) and verification bytes. */
  bandKeys: Uint32Array;
  sig: Uint8Array;
  /** Passages posted for the article, and the highest passage hash it keeps when capped. */
  passages = new Uint8Array(this.cap);
  cut = new Uint32Array(this.cap);
  /** The agency the current text credits (agency.ts; 0: none). */
  agency = new Uint8Array(this.cap);
  private readonly headlines: string[] = [];
  private readonly sources = new Map<string, number>();

  constructor(
    private readonly bands: number,
    private readonly narrow: number,
  ) {
    this.fields = new Uint8Array(this.cap * this.fieldCount);
    this.bandKeys = new Uint32Array(this.cap * bands);
    this.sig = new Uint8Array(this.cap * narrow);
  }

  /** A new slot for an article of `source`. */
  add(source: string): number {
    if (this.count === this.cap) this.grow(this.cap * 2);
    let src = this.sources.get(source);
    if (src === undefined) this.sources.set(source, (src = this.sources.size));
    const slot = this.count++;
    this.source[slot] = src & 0xffff;
    this.sha[slot * 2] = UNSET;
    this.sha[slot * 2 + 1] = UNSET;
    this.cut[slot] = UNSET;
    return slot;
  }

  sourceId(source: string): number {
    return this.sources.get(source) ?? -1;
  }

  isLive(slot: number): boolean {
    return (this.state[slot] & WITHDRAWN) === 0;
  }

  setHeadline(slot: number, headline: string): void {
    if (slot + HEADLINE_RING >= this.count) this.headlines[slot % HEADLINE_RING] = headline;
  }

  /** The article's current headline while it is among the latest 16,384 articles, else ''. */
  headline(slot: number): string {
    return slot + HEADLINE_RING >= this.count ? (this.headlines[slot % HEADLINE_RING] ?? '') : '';
  }

  private grow(cap: number): void {
    this.owner = grown(this.owner, cap);
    this.seq = grown(this.seq, cap);
    this.time = grown(this.time, cap);
    this.state = grown(this.state, cap);
    this.source = grown(this.source, cap);
    this.sha = grown(this.sha, cap * 2);
    this.shingles = grown(this.shingles, cap);
    this.fields = grown(this.fields, cap * this.fieldCount);
    this.bandKeys = grown(this.bandKeys, cap * this.bands);
    this.sig = grown(this.sig, cap * this.narrow);
    this.passages = grown(this.passages, cap);
    this.cut = grown(this.cut, cap);
    this.agency = grown(this.agency, cap);
    this.cap = cap;
  }
}
