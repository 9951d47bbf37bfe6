import type { ArticleEvent, CanonicalStory, Fingerprints } from '@newswire/contracts';
import { articleIdOf, guidKey, parseArticleId, sha64 } from './article-id';
import type { DedupConfig } from './dedup-config';
import { dedupConfig } from './dedup-config';
import { DedupError } from './dedup-error';
import type { Fingerprint } from './fingerprint';
import { carriedFingerprint, fingerprint } from './fingerprint';
import { combine32, hashText32 } from './hash32';
import type { MinHasher } from './minhash';
import { bandBucket, equalBytes, equalRows, jaccardFromAgreement, minHasher } from './minhash';
import type { U64 } from './simhash';
import { hammingDistance } from './simhash';
import { U64Set, U64Table } from './u64-table';

/**
 * Story fields whose change an `ArticleRevised` reports in `changed`. One byte of digest each: a
 * change goes unreported with odds 1/256, the price of keeping the index within ~300 B an article.
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

const NO_SHINGLES = 2;
const WITHDRAWN = 1;
const COPY = 0x80000000; // guid entry flag: the guid is another copy of the article, not its own version line
// 2^16 heads a band: 4 MB in all. Band keys are 32 bits, so a bucket's chain holds its real
// matches plus ~articles/65,536 hash neighbours, each rejected by the key stored beside its link.
const BUCKET_BITS = 16;
/** Chain nodes walked per band and lookup (a chain averages ~15 nodes at 1M articles; see bestCandidate). */
const MAX_CHAIN_STEPS = 256;
const UNSET = 0xffffffff;
// Headlines of the most recent articles only: related stories are nearly always recent, and a
// million headlines would cost more than the rest of the index.
const HEADLINE_RING = 1 << 14;

export interface Candidate {
  slot: number;
  /** Estimated Jaccard similarity of the shingle sets. */
  similarity: number;
  /** Estimated share of the shorter text's shingles that the other one contains. */
  containment: number;
  /** SimHash Hamming distance. */
  distance: number;
}

export interface GuidEntry {
  slot: number;
  copy: boolean;
  version: number;
}

/** One byte of a field's value: strings and string lists hashed directly (no JSON on the fold's path). */
function fieldDigest(value: unknown): number {
  if (typeof value === 'string') return hashText32(value) & 0xff;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    let h = value.length;
    for (const v of value as string[]) h = combine32(h, hashText32(v));
    return h & 0xff;
  }
  return hashText32(JSON.stringify(value ?? null)) & 0xff;
}

function grown<T extends Uint8Array | Uint16Array | Uint32Array>(arr: T, length: number): T {
  const next = new (arr.constructor as new (n: number) => T)(length);
  next.set(arr);
  return next;
}

/** |A∩B| / min(|A|, |B|) from the Jaccard estimate and the set sizes (|A∩B| = J(|A|+|B|)/(1+J)). */
export function containment(jaccard: number, a: number, b: number): number {
  const smaller = Math.min(a, b);
  return smaller === 0 ? 0 : Math.min(1, (jaccard * (a + b)) / (1 + jaccard) / smaller);
}

/** Minutes since the epoch of a story's version (its versionCreated, else when it was received). */
export function storyMinutes(story: Pick<CanonicalStory, 'versionCreated'>, receivedAt: string): number {
  let t = Date.parse(story.versionCreated ?? receivedAt);
  if (!Number.isFinite(t)) t = Date.parse(receivedAt);
  return Math.max(0, Math.floor((Number.isFinite(t) ? t : 0) / 60000));
}

/** Content marker of events that carry no content (withdrawals, copies): any content replays. */
const ANY_CONTENT = 0;

/** 32 bits of a story's canonical hash; 0 is kept for ANY_CONTENT. */
function content32(sha256: string): number {
  return parseInt(sha256.slice(0, 8), 16) || 1;
}

/**
 * The curator's state, derived from article.events.v1 only: guids, canonical hashes, SimHash,
 * MinHash-LSH bands, per-article sequences and a digest of every decided input. Columns of typed
 * arrays indexed by an article slot, so that a million articles fit in a few hundred MB less
 * than Maps of objects would take. `apply` mutates in place (a fold over millions of events
 * cannot copy); `decide` only reads.
 */
export class CuratorIndex {
  readonly hasher: MinHasher;
  private readonly narrow: number;
  private readonly bands: number;
  private readonly fieldCount = TRACKED_FIELDS.length;
  private readonly windowMinutes: number;

  private articles = 0;
  private cap = 1024;
  private aOwner = new Uint32Array(this.cap);
  private aSeq = new Uint32Array(this.cap);
  private aTime = new Uint32Array(this.cap);
  private aState = new Uint8Array(this.cap);
  private aSource = new Uint16Array(this.cap);
  private aShingles = new Uint16Array(this.cap);
  private aSim = new Uint32Array(this.cap * 2);
  private aSha = new Uint32Array(this.cap * 2);
  private aFields: Uint8Array;
  /** Verification bytes of each article's MinHash signature. */
  private aSig: Uint8Array;
  /**
   * Per article and band: the link to the next article in the band's bucket (slot + 1, 0 ends)
   * and the band key, side by side so that walking a chain costs one cache line a node.
   */
  private aLsh: Uint32Array;
  private readonly heads: Uint32Array;
  /** Scratch of bestCandidate: the next node of each band's chain. */
  private readonly cursors: Uint32Array;

  private guids = 0;
  private gCap = 1024;
  private gKey = new Uint32Array(this.gCap * 2);
  private gArticle = new Uint32Array(this.gCap);
  private gVersion = new Uint32Array(this.gCap);
  private gContent = new Uint32Array(this.gCap);

  private readonly guidTable = new U64Table(
    (e) => this.gKey[e * 2],
    (e) => this.gKey[e * 2 + 1],
  );
  private readonly shaTable = new U64Table(
    (a) => this.aSha[a * 2],
    (a) => this.aSha[a * 2 + 1],
  );
  /** (guid, version, content) of superseded versions; the latest one lives in the guid entry. */
  private readonly superseded = new U64Set();
  private readonly sources = new Map<string, number>();
  private readonly headlines: string[] = [];
  private memo?: { story: CanonicalStory; fp: Fingerprint; digests?: Uint8Array };

  constructor(readonly config: DedupConfig) {
    this.hasher = minHasher(config);
    this.narrow = this.hasher.narrow;
    this.bands = config.bands;
    this.windowMinutes = config.windowHours * 60;
    this.aFields = new Uint8Array(this.cap * this.fieldCount);
    this.aSig = new Uint8Array(this.cap * this.narrow);
    this.aLsh = new Uint32Array(this.cap * this.bands * 2);
    this.heads = new Uint32Array(this.bands << BUCKET_BITS);
    this.cursors = new Uint32Array(this.bands);
  }

  get articleCount(): number {
    return this.articles;
  }

  /**
   * Fingerprint of a story, remembered for the one story last asked about (decide, then evolve).
   * An event's `fingerprints`, when they carry this configuration's MinHash, stand in for the
   * text, so that a rebuild from the log does no text processing.
   */
  fingerprint(story: CanonicalStory, carried?: Fingerprints): Fingerprint {
    if (this.memo?.story !== story)
      this.memo = {
        story,
        fp:
          (carried && carriedFingerprint(carried, this.config, this.hasher)) ??
          fingerprint(story, this.config, this.hasher),
      };
    return this.memo.fp;
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
    const key = guidKey(source, guid);
    const e = this.guidTable.get(key.hi, key.lo);
    if (e < 0) return false;
    const c = content32(sha256);
    if (this.gVersion[e] === version && (this.gContent[e] === ANY_CONTENT || this.gContent[e] === c))
      return true;
    return this.wasSuperseded(e, version, c) || this.wasSuperseded(e, version, ANY_CONTENT);
  }

  private supersededKey(e: number, version: number, content: number) {
    return sha64(`${this.gKey[e * 2]}:${this.gKey[e * 2 + 1]}:${version}:${content}`);
  }

  private wasSuperseded(e: number, version: number, content: number): boolean {
    const k = this.supersededKey(e, version, content);
    return this.superseded.has(k.hi, k.lo);
  }

  private supersede(e: number, version: number, content: number): void {
    const k = this.supersededKey(e, version, content);
    this.superseded.add(k.hi, k.lo);
  }

  guidEntry(source: string, guid: string): GuidEntry | undefined {
    const key = guidKey(source, guid);
    const e = this.guidTable.get(key.hi, key.lo);
    if (e < 0) return undefined;
    return {
      slot: (this.gArticle[e] & ~COPY) >>> 0,
      copy: (this.gArticle[e] & COPY) !== 0,
      version: this.gVersion[e],
    };
  }

  articleId(slot: number): string {
    const e = this.aOwner[slot];
    return articleIdOf({ hi: this.gKey[e * 2], lo: this.gKey[e * 2 + 1] });
  }

  /** The article's current headline while it is among the latest 65,536 articles, else ''. */
  headlineHint(slot: number): string {
    return slot + HEADLINE_RING >= this.articles ? (this.headlines[slot % HEADLINE_RING] ?? '') : '';
  }

  sequence(slot: number): number {
    return this.aSeq[slot];
  }

  isLive(slot: number): boolean {
    return (this.aState[slot] & WITHDRAWN) === 0;
  }

  sourceOf(slot: number): number {
    return this.aSource[slot];
  }

  sourceId(source: string): number {
    return this.sources.get(source) ?? -1;
  }

  /** Fields (of TRACKED_FIELDS) whose digest differs between the story and the article's current version. */
  changedFields(slot: number, story: CanonicalStory): string[] {
    const digests = this.fieldDigests(story);
    return TRACKED_FIELDS.filter((_, i) => this.aFields[slot * this.fieldCount + i] !== digests[i]);
  }

  similarity(slot: number, fp: Fingerprint): number {
    if (this.aSha[slot * 2] === fp.sha.hi && this.aSha[slot * 2 + 1] === fp.sha.lo) return 1;
    const { bands, hasher, aLsh } = this;
    const keys = fp.signature.bandKeys;
    let equal = equalBytes(this.aSig, slot * this.narrow, fp.signature.bytes, 0, this.narrow);
    for (let b = 0, o = slot * bands * 2 + 1; b < bands; b++, o += 2)
      equal += equalRows(aLsh[o], keys[b], hasher);
    return jaccardFromAgreement(equal, hasher);
  }

  private inWindow(slot: number, minutes: number): boolean {
    return Math.abs(this.aTime[slot] - minutes) <= this.windowMinutes;
  }

  /** A live article in the window with exactly this canonical hash. */
  exactMatch(fp: Fingerprint, minutes: number): number {
    const slot = this.shaTable.get(fp.sha.hi, fp.sha.lo);
    return slot >= 0 && this.isLive(slot) && this.inWindow(slot, minutes) ? slot : -1;
  }

  /**
   * The most similar live article in the window among the LSH candidates: highest estimated
   * Jaccard, then smallest SimHash distance, then the oldest slot, so the choice is deterministic
   * and independent of the order in which candidates are met.
   */
  bestCandidate(fp: Fingerprint, minutes: number): Candidate | undefined {
    if (fp.shingleCount === 0) return undefined;
    let best: Candidate | undefined;
    const { bands, aLsh, cursors } = this;
    const keys = fp.signature.bandKeys;
    for (let b = 0; b < bands; b++)
      cursors[b] = this.heads[(b << BUCKET_BITS) + bandBucket(keys[b], b, BUCKET_BITS)];
    // The bands' chains are walked side by side, one node of each a round: a node is a cache miss,
    // and misses of different chains overlap where one chain's would wait for the one before.
    // Chains run newest first. A band key shared by very many articles (a boilerplate phrase that
    // holds the minimum, e.g. "state media reported") says little: weigh only its newest entries.
    for (let steps = 0, walking = true; walking && steps < MAX_CHAIN_STEPS; steps++) {
      walking = false;
      for (let b = 0; b < bands; b++) {
        const p = cursors[b];
        if (p === 0) continue;
        walking = true;
        const slot = p - 1;
        const o = (slot * bands + b) * 2;
        cursors[b] = aLsh[o];
        // another key hashed to this bucket, or a candidate weighed in an earlier band
        if (aLsh[o + 1] !== keys[b] || this.sharesEarlierBand(slot, b, keys)) continue;
        if (!this.isLive(slot) || !this.inWindow(slot, minutes)) continue;
        const similarity = this.similarity(slot, fp);
        if (best && similarity < best.similarity) continue;
        const distance = hammingDistance(
          this.aSim[slot * 2],
          this.aSim[slot * 2 + 1],
          fp.simhash.hi,
          fp.simhash.lo,
        );
        if (
          !best ||
          similarity > best.similarity ||
          distance < best.distance ||
          (distance === best.distance && slot < best.slot)
        )
          best = {
            slot,
            similarity,
            distance,
            containment: containment(similarity, this.aShingles[slot], fp.shingleCount),
          };
      }
    }
    return best;
  }

  private sharesEarlierBand(slot: number, band: number, keys: Uint32Array): boolean {
    const o = slot * this.bands * 2 + 1;
    for (let b = 0; b < band; b++) if (this.aLsh[o + b * 2] === keys[b]) return true;
    return false;
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
      if (event.sequence !== 1 || this.guidTable.get(key.hi, key.lo) >= 0)
        throw new DedupError('SEQUENCE_GAP', `${event.eventId}: an article is published once, at sequence 1`);
      const fp = this.fingerprint(story, fingerprints);
      const slot = this.newArticle(story.source);
      this.aOwner[slot] = this.upsertGuid(key, slot, false, story.version, content32(fp.sha256));
      this.setContent(slot, story, fp, event.occurredAt);
      this.aSeq[slot] = 1;
      return this;
    }
    const slot = this.slotOf(event.articleId);
    if (event.sequence !== this.aSeq[slot] + 1)
      throw new DedupError(
        'SEQUENCE_GAP',
        `${event.eventId}: expected sequence ${this.aSeq[slot] + 1} for ${event.articleId}`,
      );
    this.aSeq[slot] = event.sequence;
    switch (event.type) {
      case 'ArticleRevised': {
        const { story, fingerprints } = event.payload;
        const fp = this.fingerprint(story, fingerprints);
        this.upsertGuid(guidKey(story.source, story.guid), slot, false, story.version, content32(fp.sha256));
        if (event.payload.applied) {
          this.aState[slot] &= ~WITHDRAWN;
          this.setContent(slot, story, fp, event.occurredAt);
        }
        break;
      }
      case 'ArticleWithdrawn': {
        const p = event.payload;
        this.aState[slot] |= WITHDRAWN;
        this.upsertGuid(guidKey(p.source, p.guid), slot, false, p.version, ANY_CONTENT);
        break;
      }
      case 'DuplicateReceived': {
        const p = event.payload;
        this.upsertGuid(guidKey(p.source, p.guid), slot, true, p.version, ANY_CONTENT);
        break;
      }
      case 'RelatedArticleLinked':
        break;
    }
    return this;
  }

  private slotOf(articleId: string): number {
    const id = parseArticleId(articleId);
    const e = this.guidTable.get(id.hi, id.lo);
    if (e < 0 || this.gArticle[e] & COPY)
      throw new DedupError('UNKNOWN_ARTICLE', `no article ${articleId} in the index`);
    return this.gArticle[e];
  }

  private newArticle(source: string): number {
    if (this.articles === this.cap) {
      const cap = this.cap * 2;
      this.aOwner = grown(this.aOwner, cap);
      this.aSeq = grown(this.aSeq, cap);
      this.aTime = grown(this.aTime, cap);
      this.aState = grown(this.aState, cap);
      this.aSource = grown(this.aSource, cap);
      this.aShingles = grown(this.aShingles, cap);
      this.aSim = grown(this.aSim, cap * 2);
      this.aSha = grown(this.aSha, cap * 2);
      this.aFields = grown(this.aFields, cap * this.fieldCount);
      this.aSig = grown(this.aSig, cap * this.narrow);
      this.aLsh = grown(this.aLsh, cap * this.bands * 2);
      this.cap = cap;
    }
    let src = this.sources.get(source);
    if (src === undefined) this.sources.set(source, (src = this.sources.size));
    const slot = this.articles++;
    this.aSource[slot] = src & 0xffff;
    this.aSha[slot * 2] = UNSET;
    this.aSha[slot * 2 + 1] = UNSET;
    return slot;
  }

  /**
   * Maps a guid to an article and records the version decided under it: the highest version and
   * its content stay in the entry, anything else goes to `superseded`. Returns the entry.
   */
  private upsertGuid(key: U64, slot: number, copy: boolean, version: number, content: number): number {
    let e = this.guidTable.get(key.hi, key.lo);
    if (e < 0) {
      if (this.guids === this.gCap) {
        this.gCap *= 2;
        this.gKey = grown(this.gKey, this.gCap * 2);
        this.gArticle = grown(this.gArticle, this.gCap);
        this.gVersion = grown(this.gVersion, this.gCap);
        this.gContent = grown(this.gContent, this.gCap);
      }
      e = this.guids++;
      this.gKey[e * 2] = key.hi;
      this.gKey[e * 2 + 1] = key.lo;
      this.gArticle[e] = (copy ? slot | COPY : slot) >>> 0;
      this.gVersion[e] = version;
      this.gContent[e] = content;
      this.guidTable.set(e);
    } else if (version >= this.gVersion[e]) {
      this.supersede(e, this.gVersion[e], this.gContent[e]);
      this.gVersion[e] = version;
      this.gContent[e] = content;
    } else this.supersede(e, version, content);
    return e;
  }

  private setContent(slot: number, story: CanonicalStory, fp: Fingerprint, occurredAt: string): void {
    const hadSha = this.aSha[slot * 2] !== UNSET || this.aSha[slot * 2 + 1] !== UNSET;
    if (hadSha && this.shaTable.get(this.aSha[slot * 2], this.aSha[slot * 2 + 1]) === slot)
      this.shaTable.delete(this.aSha[slot * 2], this.aSha[slot * 2 + 1]);
    if (hadSha && (this.aState[slot] & NO_SHINGLES) === 0) this.unlinkBands(slot);
    this.aSha[slot * 2] = fp.sha.hi;
    this.aSha[slot * 2 + 1] = fp.sha.lo;
    // The newest article with a hash owns it; an older twin stays reachable through LSH.
    this.shaTable.set(slot);
    this.aShingles[slot] = Math.min(fp.shingleCount, 0xffff);
    this.aSim[slot * 2] = fp.simhash.hi;
    this.aSim[slot * 2 + 1] = fp.simhash.lo;
    this.aTime[slot] = storyMinutes(story, occurredAt);
    if (slot + HEADLINE_RING >= this.articles) this.headlines[slot % HEADLINE_RING] = story.headline;
    this.aFields.set(this.fieldDigests(story), slot * this.fieldCount);
    this.aSig.set(fp.signature.bytes, slot * this.narrow);
    for (let b = 0; b < this.bands; b++)
      this.aLsh[(slot * this.bands + b) * 2 + 1] = fp.signature.bandKeys[b];
    if (fp.shingleCount === 0) this.aState[slot] |= NO_SHINGLES;
    else {
      this.aState[slot] &= ~NO_SHINGLES;
      this.linkBands(slot);
    }
  }

  private linkBands(slot: number): void {
    for (let b = 0; b < this.bands; b++) {
      const o = (slot * this.bands + b) * 2;
      const h = (b << BUCKET_BITS) + bandBucket(this.aLsh[o + 1], b, BUCKET_BITS);
      this.aLsh[o] = this.heads[h];
      this.heads[h] = slot + 1;
    }
  }

  /** Takes the article out of its buckets, found again from the band keys stored beside the links. */
  private unlinkBands(slot: number): void {
    for (let b = 0; b < this.bands; b++) {
      const o = (slot * this.bands + b) * 2;
      const h = (b << BUCKET_BITS) + bandBucket(this.aLsh[o + 1], b, BUCKET_BITS);
      const next = this.aLsh[o];
      if (this.heads[h] === slot + 1) this.heads[h] = next;
      else
        for (let p = this.heads[h]; p !== 0; p = this.aLsh[((p - 1) * this.bands + b) * 2])
          if (this.aLsh[((p - 1) * this.bands + b) * 2] === slot + 1) {
            this.aLsh[((p - 1) * this.bands + b) * 2] = next;
            break;
          }
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
