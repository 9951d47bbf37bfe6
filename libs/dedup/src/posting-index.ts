import { DedupError } from './dedup-error';

const SLOT_BITS = 24;
/** Articles a posting can name: slots are packed into 24 bits beside 8 bits of the key. */
export const MAX_POSTED_SLOT = (1 << SLOT_BITS) - 1;
const CHECK_SHIFT = SLOT_BITS;

/**
 * An inverted index from 32-bit hashes (passages, names) to article slots, 8 bytes a posting:
 * a fixed table of chain heads keyed by the hash's low bits, and per posting the link to the
 * next one in its chain and the slot packed with the hash's top 8 bits, so that a lookup
 * rejects another hash of its bucket with odds 1 - 2^-(bucketBits + 8). Chains run newest
 * first. Postings are appended; `compact` keeps those the caller still wants (the time window),
 * so memory follows the window, not the log.
 */
export class PostingIndex {
  private readonly heads: Uint32Array;
  private readonly mask: number;
  private cells: Uint32Array;
  private links: Uint32Array;
  private count = 0;

  constructor(
    bucketBits: number,
    private readonly keep: (slot: number) => boolean,
  ) {
    this.heads = new Uint32Array(1 << bucketBits);
    this.mask = (1 << bucketBits) - 1;
    this.cells = new Uint32Array(1024);
    this.links = new Uint32Array(1024);
  }

  get size(): number {
    return this.count;
  }

  add(hash: number, slot: number): void {
    if (slot > MAX_POSTED_SLOT)
      throw new DedupError(
        'INDEX_FULL',
        `article slot ${slot} is beyond the posting index's ${MAX_POSTED_SLOT}`,
      );
    if (this.count === this.cells.length) this.makeRoom();
    const p = this.count++;
    const h = hash & this.mask;
    this.cells[p] = ((hash >>> CHECK_SHIFT) << CHECK_SHIFT) | slot;
    this.links[p] = this.heads[h];
    this.heads[h] = p + 1;
  }

  /**
   * Calls `visit(slot)` for the postings of `hash`, newest first, at most `limit` of them (then
   * returns false: a hash posted that often is boilerplate, and the caller ignores it).
   */
  forEach(hash: number, limit: number, visit: (slot: number) => void): boolean {
    const check = (hash >>> CHECK_SHIFT) << CHECK_SHIFT;
    let seen = 0;
    for (let p = this.heads[hash & this.mask]; p !== 0; p = this.links[p - 1]) {
      const cell = this.cells[p - 1];
      if ((cell & ~MAX_POSTED_SLOT) >>> 0 !== check >>> 0) continue;
      if (++seen > limit) return false;
      visit(cell & MAX_POSTED_SLOT);
    }
    return true;
  }

  /** Whether `slot` holds a posting of `hash` (the fold's test before it adds a copy's passage). */
  has(hash: number, slot: number): boolean {
    const cell = (((hash >>> CHECK_SHIFT) << CHECK_SHIFT) | slot) >>> 0;
    for (let p = this.heads[hash & this.mask]; p !== 0; p = this.links[p - 1])
      if (this.cells[p - 1] >>> 0 === cell) return true;
    return false;
  }

  /**
   * Full: drop the postings of articles the caller no longer keeps, and grow when most remain.
   * The cells keep only the top bits of their hash, so each chain is copied from its head, in
   * order, which keeps it newest first.
   */
  private makeRoom(): void {
    let live = 0;
    for (let p = 0; p < this.count; p++) if (this.keep(this.cells[p] & MAX_POSTED_SLOT)) live++;
    const length = live > this.cells.length / 2 ? this.cells.length * 2 : this.cells.length;
    const cells = new Uint32Array(length);
    const links = new Uint32Array(length);
    let n = 0;
    for (let h = 0; h < this.heads.length; h++) {
      let tail = -1;
      let p = this.heads[h];
      this.heads[h] = 0;
      for (; p !== 0; p = this.links[p - 1]) {
        const cell = this.cells[p - 1];
        if (!this.keep(cell & MAX_POSTED_SLOT)) continue;
        cells[n] = cell;
        if (tail < 0) this.heads[h] = n + 1;
        else links[tail] = n + 1;
        tail = n++;
      }
    }
    this.cells = cells;
    this.links = links;
    this.count = n;
  }
}
