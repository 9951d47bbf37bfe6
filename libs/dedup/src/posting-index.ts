import { DedupError } from './dedup-error';
import { fmix32 } from './hash32';

const SLOT_BITS = 24;
/** Articles a posting can name: slots are packed into 24 bits beside 8 bits of the key. */
export const MAX_POSTED_SLOT = (1 << SLOT_BITS) - 1;
const CHECK_SHIFT = SLOT_BITS;
/** The tag of a posting that has none. */
export const NO_TAG = 255;

/**
 * An inverted index from 32-bit hashes (passages, names) to article slots, 8 bytes a posting:
 * a fixed table of chain heads keyed by the low bits of the hash mixed (fmix32, a bijection),
 * and per posting the slot packed with the mixed hash's top 8 bits, so that a lookup rejects
 * another hash of its bucket with odds 1 - 2^-(bucketBits + 8), beside the link to the next
 * posting of its chain. Mixed, because passages are sampled by their low bits: keyed by those
 * bits as they are, they filled one chain head in 8, and chains were 8 times as long. Chains run newest
 * first. Postings are appended; `makeRoom` keeps those the caller still wants (the time window),
 * so memory follows the window, not the log. Each posting also carries a byte, `tag` (the passage's
 * rank in its article's text; NO_TAG when none) when the index is `tagged`: one more byte a posting.
 */
export class PostingIndex {
  private readonly heads: Uint32Array;
  private readonly mask: number;
  /**
   * Two words a posting, cell then link (posting + 1 of the next in the chain; 0 ends it): in one
   * array, a step along a chain is one cache miss, where a cell array and a link array made two
   * (chain walks were most of a lookup at a million articles).
   */
  private postings: Uint32Array;
  /** Per posting, its tag. */
  private tags: Uint8Array;
  private count = 0;
  /**
   * Hashes a lookup found over its limit: postings are only added until `makeRoom` drops some,
   * so such a hash stays boilerplate until then, and its next lookups skip the walk of its long
   * chain (a name in every story of the week was most of the chain steps of a story).
   */
  private boilerplate = new Set<number>();

  /**
   * @param limit postings of one hash beyond which it is boilerplate (see `lookup`)
   * @param keep whether a slot's postings are still wanted when the index is full
   * @param tagged whether postings carry a tag
   */
  constructor(
    bucketBits: number,
    private readonly limit: number,
    private readonly keep: (slot: number) => boolean,
    private readonly tagged = false,
  ) {
    this.heads = new Uint32Array(1 << bucketBits);
    this.mask = (1 << bucketBits) - 1;
    this.postings = new Uint32Array(2048);
    this.tags = new Uint8Array(tagged ? 1024 : 0);
  }

  get size(): number {
    return this.count;
  }

  add(hash: number, slot: number, tag = NO_TAG): void {
    if (slot > MAX_POSTED_SLOT)
      throw new DedupError(
        'INDEX_FULL',
        `article slot ${slot} is beyond the posting index's ${MAX_POSTED_SLOT}`,
      );
    if (this.count * 2 === this.postings.length) this.makeRoom();
    const p = this.count++;
    const m = fmix32(hash);
    const h = m & this.mask;
    this.postings[p * 2] = ((m >>> CHECK_SHIFT) << CHECK_SHIFT) | slot;
    this.postings[p * 2 + 1] = this.heads[h];
    if (this.tagged) this.tags[p] = tag;
    this.heads[h] = p + 1;
  }

  /**
   * Writes the slots posted under `hash` into `out`, newest first, and returns how many; -1 when
   * there are more than `limit` (a hash posted that often is boilerplate, and the caller ignores
   * it). `out` holds at least `limit` slots; so does `tags`, given, which gets their tags.
   */
  lookup(hash: number, out: Uint32Array, tags?: Uint8Array): number {
    const { limit } = this;
    if (this.boilerplate.has(hash)) return -1;
    const m = fmix32(hash);
    const check = ((m >>> CHECK_SHIFT) << CHECK_SHIFT) >>> 0;
    const { postings } = this;
    let n = 0;
    for (let p = this.heads[m & this.mask]; p !== 0; p = postings[p * 2 - 1]) {
      const cell = postings[p * 2 - 2];
      if ((cell & ~MAX_POSTED_SLOT) >>> 0 !== check) continue;
      if (n === limit) {
        this.boilerplate.add(hash);
        return -1;
      }
      if (tags) tags[n] = this.tags[p - 1];
      out[n++] = cell & MAX_POSTED_SLOT;
    }
    return n;
  }

  /** Whether `slot` holds a posting of `hash` (the fold's test before it adds a copy's passage). */
  has(hash: number, slot: number): boolean {
    const m = fmix32(hash);
    const cell = (((m >>> CHECK_SHIFT) << CHECK_SHIFT) | slot) >>> 0;
    const { postings } = this;
    for (let p = this.heads[m & this.mask]; p !== 0; p = postings[p * 2 - 1])
      if (postings[p * 2 - 2] === cell) return true;
    return false;
  }

  /**
   * Full: drop the postings of articles the caller no longer keeps, and grow when most remain.
   * The cells keep only the top bits of their hash, so each chain is copied from its head, in
   * order, which keeps it newest first.
   */
  private makeRoom(): void {
    const old = this.postings;
    let live = 0;
    for (let p = 0; p < this.count; p++) if (this.keep(old[p * 2] & MAX_POSTED_SLOT)) live++;
    const postings = new Uint32Array(live > this.count / 2 ? old.length * 2 : old.length);
    const oldTags = this.tags;
    const tags = new Uint8Array(this.tagged ? postings.length / 2 : 0);
    let n = 0;
    for (let h = 0; h < this.heads.length; h++) {
      let tail = -1;
      let p = this.heads[h];
      this.heads[h] = 0;
      for (; p !== 0; p = old[p * 2 - 1]) {
        const cell = old[p * 2 - 2];
        if (!this.keep(cell & MAX_POSTED_SLOT)) continue;
        postings[n * 2] = cell;
        if (this.tagged) tags[n] = oldTags[p - 1];
        if (tail < 0) this.heads[h] = n + 1;
        else postings[tail * 2 + 1] = n + 1;
        tail = n++;
      }
    }
    this.postings = postings;
    this.tags = tags;
    this.count = n;
    this.boilerplate = new Set();
  }
}
