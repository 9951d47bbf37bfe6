import type { ArticleEvent, CanonicalStory, Fingerprints } from '@newswire/contracts';
import { articleIdOf, guidKey, parseArticleId } from './article-id';
import { ArticleColumns, TRACKED_FIELDS, UNSET, WITHDRAWN, fieldDigest } from './article-columns';
import type { DedupConfig } from './dedup-config';
import { dedupConfig } from './dedup-config';
import { DedupError } from './dedup-error';
import type { Fingerprint } from './fingerprint';
import { carriedFingerprint, fingerprint, fingerprintsOf } from './fingerprint';
import type { GuidEntry } from './guid-table';
import { ANY_CONTENT, GuidTable, content32 } from './guid-table';
import type { MinHasher } from './minhash';
import { equalBytes, equalRows, jaccardFromAgreement, minHasher } from './minhash';
import { agencyOf } from './agency';
import { NO_TAG, PostingIndex } from './posting-index';
import { U64Table } from './u64-table';

export type { GuidEntry } from './guid-table';

/** An article the story shares passages or names with, and how much. */
export interface Candidate {
  slot: number;
  /** Estimated Jaccard similarity of the two texts' 3-word shingles (MinHash). */
  similarity: number;
  /**
   * Share of the shorter body's sampled passages found in the other: of the story's passages
   * at or below the article's cut, or of the article's passages, whichever are fewer.
   */
  containment: number;
  /**
   * The same share estimated from the Jaccard estimate and the two texts' shingle counts
   * (|A∩B| = J(|A|+|B|)/(1+J)): a second, independent reading that a few sampled passages
   * shared by chance cannot raise.
   */
  textContainment: number;
  sharedPassages: number;
  sharedNames: number;
  /**
   * Of consecutive shared passages of the article's own text (taken in the story's order), the
   * share that comes in the same order in the article: 1 for a copy, about half for passages
   * shared by chance or reused in another order; 1 when fewer than two are shared.
   */
  inOrder: number;
  /** Both credit the same agency; both credit one, different ones. */
  sameAgency: boolean;
  otherAgency: boolean;
  /** Minutes between the story's version and the article's latest. */
  minutesApart: number;
}

/**
 * What a lookup gathers per candidate, packed in one number (a Map of objects would allocate one
 * per candidate): passages shared, those with a rank, the last rank seen + 1, steps in order.
 */
const packShared = (shared: number, ranked: number, last: number, steps: number): number =>
  shared + ranked * 0x100 + last * 0x10000 + steps * 0x1000000;
const sharedOf = (v: number): number => v & 0xff;
const rankedOf = (v: number): number => (v >>> 8) & 0xff;
const lastOf = (v: number): number => (v >>> 16) & 0xff;
const stepsOf = (v: number): number => v >>> 24;

/** Minutes since the epoch of a story's version (its versionCreated, else when it was received). */
export function storyMinutes(story: Pick<CanonicalStory, 'versionCreated'>, receivedAt: string): number {
  let t = Date.parse(story.versionCreated ?? receivedAt);
  if (!Number.isFinite(t)) t = Date.parse(receivedAt);
  return Math.max(0, Math.floor((Number.isFinite(t) ? t : 0) / 60000));
}

/** |A∩B| / min(|A|, |B|) from the Jaccard estimate and the set sizes. */
export function containmentOf(jaccard: number, a: number, b: number): number {
  const smaller = Math.min(a, b);
  return smaller === 0 ? 0 : Math.min(1, (jaccard * (a + b)) / (1 + jaccard) / smaller);
}

/** The number of values of an ascending array at or below `max`. */
function countAtMost(sorted: readonly number[], max: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= max) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The curator's state, derived from article.events.v1 only: per-article columns
 * (ArticleColumns), every guid (GuidTable), the exact canonical hashes, and two posting indexes
 * — sampled body passages and names — through which copies and related accounts are found.
 * `apply` mutates in place (a fold over millions of events cannot copy); `decide` only reads.
 */
export class CuratorIndex {
  readonly hasher: MinHasher;
  private readonly narrow: number;
  private readonly bands: number;
  private readonly windowMinutes: number;
  private readonly relatedMinutes: number;
  private readonly a: ArticleColumns;
  private readonly guids = new GuidTable();
  /** The newest version time folded: what the window is measured back from when postings are dropped. */
  private newest = 0;
  private readonly inWindowOfNewest = (slot: number): boolean =>
    this.a.time[slot] + this.windowMinutes >= this.newest;
  private readonly passages: PostingIndex;
  private readonly names: PostingIndex;
  private readonly shaTable: U64Table;
  private memo?: { story: CanonicalStory; fp: Fingerprint; digests?: Uint8Array; carried?: Fingerprints };
  /** Scratch for the slots of one posting lookup (at most `boilerplateArticles`), and their tags. */
  private readonly hits: Uint32Array;
  private readonly hitTags: Uint8Array;

  constructor(readonly config: DedupConfig) {
    this.hasher = minHasher(config);
    this.narrow = this.hasher.narrow;
    this.bands = config.bands;
    this.windowMinutes = config.windowHours * 60;
    this.relatedMinutes = config.relatedHours * 60;
    this.a = new ArticleColumns(this.bands, this.narrow);
    this.passages = new PostingIndex(
      config.postingBucketBits,
      config.boilerplateArticles,
      this.inWindowOfNewest,
      true,
    );
    this.names = new PostingIndex(
      config.postingBucketBits,
      config.boilerplateArticles,
      this.inWindowOfNewest,
    );
    this.hits = new Uint32Array(config.boilerplateArticles);
    this.hitTags = new Uint8Array(config.boilerplateArticles);
    this.shaTable = new U64Table(
      (slot) => this.a.sha[slot * 2],
      (slot) => this.a.sha[slot * 2 + 1],
    );
  }

  get articleCount(): number {
    return this.a.count;
  }

  /** Postings held (passages and names): what the window bounds. */
  get postingCount(): number {
    return this.passages.size + this.names.size;
  }

  /**
   * Fingerprint of a story, remembered for the one story last asked about (decide, then evolve).
   * An event's `fingerprints`, when they carry this configuration's schemes, stand in for the
   * text, so that a rebuild from the log does no text processing but find the credit.
   */
  fingerprint(story: CanonicalStory, carried?: Fingerprints): Fingerprint {
    if (this.memo?.story !== story)
      this.memo = {
        story,
        fp:
          (carried && carriedFingerprint(carried, this.config, this.hasher, agencyOf(story.body))) ??
          fingerprint(story, this.config, this.hasher),
      };
    return this.memo.fp;
  }

  /**
   * The `fingerprints` the events of a story carry (remembered with its fingerprint: the fold of
   * those events, right after, then takes the fingerprint itself instead of decoding them).
   */
  carriedOf(story: CanonicalStory): Fingerprints {
    const fp = this.fingerprint(story);
    const memo = this.memo!;
    return (memo.carried ??= fingerprintsOf(fp, this.config));
  }

  /** One byte of digest per tracked field (remembered with the fingerprint of the same story). */
  fieldDigests(story: CanonicalStory): Uint8Array {
    if (this.memo?.story === story && this.memo.digests) return this.memo.digests;
    const digests = new Uint8Array(TRACKED_FIELDS.map((f) => fieldDigest(story[f])));
    if (this.memo?.story === story) this.memo.digests = digests;
    return digests;
  }

  // ---- queries (decide) ----

  /** Whether this guid, version and content were already decided (a replay writes nothing). */
  isReplay(source: string, guid: string, version: number, sha256: string): boolean {
    const e = this.guids.find(guidKey(source, guid));
    return e >= 0 && this.guids.decided(e, version, content32(sha256));
  }

  guidEntry(source: string, guid: string): GuidEntry | undefined {
    const e = this.guids.find(guidKey(source, guid));
    return e < 0 ? undefined : this.guids.entry(e);
  }

  articleId(slot: number): string {
    return articleIdOf(this.guids.key(this.a.owner[slot]));
  }

  /** The article's current headline while it is among the latest 16,384 articles, else ''. */
  headlineHint(slot: number): string {
    return this.a.headline(slot);
  }

  sequence(slot: number): number {
    return this.a.seq[slot];
  }

  isLive(slot: number): boolean {
    return this.a.isLive(slot);
  }

  sourceOf(slot: number): number {
    return this.a.source[slot];
  }

  sourceId(source: string): number {
    return this.a.sourceId(source);
  }

  /** Fields (of TRACKED_FIELDS) whose digest differs between the story and the article's current version. */
  changedFields(slot: number, story: CanonicalStory): string[] {
    const digests = this.fieldDigests(story);
    const { fields, fieldCount } = this.a;
    return TRACKED_FIELDS.filter((_, i) => fields[slot * fieldCount + i] !== digests[i]);
  }

  /** Estimated Jaccard of the story's and the article's current text (MinHash). */
  similarity(slot: number, fp: Fingerprint): number {
    const { a, bands, hasher, narrow } = this;
    if (a.sha[slot * 2] === fp.sha.hi && a.sha[slot * 2 + 1] === fp.sha.lo) return 1;
    const keys = fp.signature.bandKeys;
    let equal = equalBytes(a.sig, slot * narrow, fp.signature.bytes, 0, narrow);
    for (let b = 0; b < bands; b++) equal += equalRows(a.bandKeys[slot * bands + b], keys[b], hasher);
    return jaccardFromAgreement(equal, hasher);
  }

  private inWindow(slot: number, minutes: number, window: number): boolean {
    return this.a.isLive(slot) && Math.abs(this.a.time[slot] - minutes) <= window;
  }

  /** A live article in the window with exactly this canonical hash. */
  exactMatch(fp: Fingerprint, minutes: number): number {
    const slot = this.shaTable.get(fp.sha.hi, fp.sha.lo);
    return slot >= 0 && this.inWindow(slot, minutes, this.windowMinutes) ? slot : -1;
  }

  /**
   * The live articles in the window that share passages or names with the story, each with its
   * measures. A passage or name posted for more than `boilerplateArticles` articles says little
   * (a reused background paragraph, an agency's standard line, a name in every story of the
   * week): it is left out of the counts and of the story's own total.
   */
  candidates(fp: Fingerprint, minutes: number): Candidate[] {
    const { hits, hitTags } = this;
    const shared = new Map<number, number>();
    const informative: number[] = [];
    // in the story's text order, so that the ranks met tell whether the article has them in it
    for (const h of fp.passageOrder) {
      const n = this.passages.lookup(h, hits, hitTags);
      if (n < 0) continue;
      informative.push(h);
      for (let i = 0; i < n; i++) {
        const slot = hits[i];
        if (!this.inWindow(slot, minutes, this.windowMinutes)) continue;
        const v = shared.get(slot) ?? 0;
        const rank = hitTags[i];
        if (rank === NO_TAG) shared.set(slot, v + 1);
        else {
          const last = lastOf(v);
          const step = last !== 0 && rank >= last ? 1 : 0;
          shared.set(slot, packShared(sharedOf(v) + 1, rankedOf(v) + 1, rank + 1, stepsOf(v) + step));
        }
      }
    }
    informative.sort((x, y) => x - y);
    const named = new Map<number, number>();
    for (const h of fp.names) {
      const n = this.names.lookup(h, hits);
      for (let i = 0; i < n; i++)
        if (this.inWindow(hits[i], minutes, this.relatedMinutes))
          named.set(hits[i], (named.get(hits[i]) ?? 0) + 1);
    }
    const out: Candidate[] = [];
    for (const [slot, v] of shared)
      out.push(this.candidate(slot, fp, minutes, informative, v, named.get(slot) ?? 0));
    for (const [slot, sharedNames] of named)
      if (!shared.has(slot)) out.push(this.candidate(slot, fp, minutes, informative, 0, sharedNames));
    return out;
  }

  private candidate(
    slot: number,
    fp: Fingerprint,
    minutes: number,
    informative: readonly number[],
    packed: number,
    sharedNames: number,
  ): Candidate {
    const sharedPassages = sharedOf(packed);
    const ranked = rankedOf(packed);
    const mine = this.a.cut[slot] === UNSET ? informative.length : countAtMost(informative, this.a.cut[slot]);
    const fewer = Math.min(mine, this.a.passages[slot]);
    const similarity = this.similarity(slot, fp);
    const agency = this.a.agency[slot];
    return {
      slot,
      similarity,
      containment: fewer === 0 ? 0 : Math.min(1, sharedPassages / fewer),
      textContainment: containmentOf(similarity, this.a.shingles[slot], fp.shingleCount),
      sharedPassages,
      sharedNames,
      inOrder: ranked < 2 ? 1 : stepsOf(packed) / (ranked - 1),
      sameAgency: agency !== 0 && agency === fp.agency,
      otherAgency: agency !== 0 && fp.agency !== 0 && agency !== fp.agency,
      minutesApart: Math.abs(this.a.time[slot] - minutes),
    };
  }

  // ---- evolution ----

  /** Applies one event of the log. Throws DedupError('SEQUENCE_GAP') when the log is not gapless. */
  apply(event: ArticleEvent): this {
    if (event.type === 'ArticlePublished') {
      const { story, fingerprints } = event.payload;
      const key = guidKey(story.source, story.guid);
      const id = parseArticleId(event.articleId);
      if (id.hi !== key.hi || id.lo !== key.lo)
        throw new DedupError(
          'BAD_ARTICLE_ID',
          `${event.articleId} is not the id of ${story.source}:${story.guid}`,
        );
      if (event.sequence !== 1 || this.guids.find(key) >= 0)
        throw new DedupError('SEQUENCE_GAP', `${event.eventId}: an article is published once, at sequence 1`);
      const fp = this.fingerprint(story, fingerprints);
      const slot = this.a.add(story.source);
      this.a.owner[slot] = this.guids.upsert(key, slot, false, story.version, content32(fp.sha256));
      this.setContent(slot, story, fp, event.occurredAt);
      this.postFirst(slot, fp);
      this.a.seq[slot] = 1;
      return this;
    }
    const slot = this.slotOf(event.articleId);
    if (event.sequence !== this.a.seq[slot] + 1)
      throw new DedupError(
        'SEQUENCE_GAP',
        `${event.eventId}: expected sequence ${this.a.seq[slot] + 1} for ${event.articleId}`,
      );
    this.a.seq[slot] = event.sequence;
    switch (event.type) {
      case 'ArticleRevised': {
        const { story, fingerprints } = event.payload;
        const fp = this.fingerprint(story, fingerprints);
        this.guids.upsert(
          guidKey(story.source, story.guid),
          slot,
          false,
          story.version,
          content32(fp.sha256),
        );
        if (event.payload.applied) {
          this.a.state[slot] &= ~WITHDRAWN;
          this.setContent(slot, story, fp, event.occurredAt);
          this.grow(slot, fp.passages);
        }
        break;
      }
      case 'ArticleWithdrawn': {
        const p = event.payload;
        this.a.state[slot] |= WITHDRAWN;
        this.guids.upsert(guidKey(p.source, p.guid), slot, false, p.version, ANY_CONTENT);
        break;
      }
      case 'DuplicateReceived': {
        const p = event.payload;
        this.guids.upsert(guidKey(p.source, p.guid), slot, true, p.version, ANY_CONTENT);
        // The copy's text joins its article's: a copy of the copy, or of a later version, finds it.
        const fp =
          p.fingerprints && p.fingerprints === this.memo?.carried
            ? this.memo.fp
            : p.fingerprints && carriedFingerprint(p.fingerprints, this.config, this.hasher);
        if (fp) this.grow(slot, fp.passages);
        break;
      }
      case 'RelatedArticleLinked':
        break;
    }
    return this;
  }

  private slotOf(articleId: string): number {
    const e = this.guids.find(parseArticleId(articleId));
    if (e < 0 || this.guids.entry(e).copy)
      throw new DedupError('UNKNOWN_ARTICLE', `no article ${articleId} in the index`);
    return this.guids.entry(e).slot;
  }

  private setContent(slot: number, story: CanonicalStory, fp: Fingerprint, occurredAt: string): void {
    const { a } = this;
    const hadSha = a.sha[slot * 2] !== UNSET || a.sha[slot * 2 + 1] !== UNSET;
    if (hadSha && this.shaTable.get(a.sha[slot * 2], a.sha[slot * 2 + 1]) === slot)
      this.shaTable.delete(a.sha[slot * 2], a.sha[slot * 2 + 1]);
    a.sha[slot * 2] = fp.sha.hi;
    a.sha[slot * 2 + 1] = fp.sha.lo;
    // The newest article with a hash owns it; an older twin stays reachable through its passages.
    this.shaTable.set(slot);
    a.shingles[slot] = Math.min(fp.shingleCount, 0xffff);
    a.agency[slot] = fp.agency;
    a.time[slot] = storyMinutes(story, occurredAt);
    this.newest = Math.max(this.newest, a.time[slot]);
    a.setHeadline(slot, story.headline);
    a.fields.set(this.fieldDigests(story), slot * a.fieldCount);
    a.sig.set(fp.signature.bytes, slot * this.narrow);
    a.bandKeys.set(fp.signature.bandKeys, slot * this.bands);
  }

  /**
   * Posts an article's first passages: the `passagesPerArticle` smallest, each tagged with its
   * rank among them in the text. When it has more, the largest kept is its cut, and only a
   * story's passages up to the cut are compared with it.
   */
  private postFirst(slot: number, fp: Fingerprint): void {
    const n = Math.min(fp.passages.length, this.config.passagesPerArticle);
    const cut = n === 0 ? 0 : fp.passages[n - 1];
    let rank = 0;
    for (const h of fp.passageOrder)
      if (h <= cut && rank < n) this.passages.add(h, slot, Math.min(rank++, NO_TAG - 1));
    this.a.passages[slot] = n;
    this.a.cut[slot] = n === this.config.passagesPerArticle ? cut : UNSET;
    for (const h of fp.names) this.names.add(h, slot);
  }

  /** Adds the passages a copy or a version brings (up to the cut), up to `passagesGrown` in all. */
  private grow(slot: number, passages: Uint32Array): void {
    const { a } = this;
    const n = Math.min(passages.length, this.config.passagesPerArticle);
    for (let i = 0; i < n && a.passages[slot] < this.config.passagesGrown; i++) {
      const h = passages[i];
      if (h > a.cut[slot] || this.passages.has(h, slot)) continue;
      this.passages.add(h, slot);
      a.passages[slot]++;
    }
  }
}

export function initialIndex(config: Partial<DedupConfig> = {}): CuratorIndex {
  return new CuratorIndex(dedupConfig(config));
}

/** The fold step: `index = events.reduce(evolve, initialIndex())`. Mutates and returns `index`. */
export function evolve(index: CuratorIndex, event: ArticleEvent): CuratorIndex {
  return index.apply(event);
}
