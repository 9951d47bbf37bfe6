import { sha64 } from './article-id';
import { grown } from './grown';
import type { U64 } from './simhash';
import { U64Set, U64Table } from './u64-table';

const COPY = 0x80000000; // entry flag: the guid is another copy of the article, not its own version line

/** Content marker of events that carry no content (withdrawals, copies): any content replays. */
export const ANY_CONTENT = 0;

/** 32 bits of a story's canonical hash; 0 is kept for ANY_CONTENT. */
export function content32(sha256: string): number {
  return parseInt(sha256.slice(0, 8), 16) || 1;
}

export interface GuidEntry {
  slot: number;
  copy: boolean;
  version: number;
}

/**
 * Every `source:guid` the curator has decided, kept for good (identity outlives the
 * near-duplicate window): the article it belongs to, whether it is a copy there, and the
 * highest version with its content; superseded versions sit in a set of (guid, version, content)
 * hashes, so that a replay of any of them is recognised.
 */
export class GuidTable {
  private count = 0;
  private cap = 1024;
  private keys = new Uint32Array(this.cap * 2);
  private articles = new Uint32Array(this.cap);
  private versions = new Uint32Array(this.cap);
  private contents = new Uint32Array(this.cap);
  private readonly table = new U64Table(
    (e) => this.keys[e * 2],
    (e) => this.keys[e * 2 + 1],
  );
  private readonly superseded = new U64Set();

  /** The entry of a guid key, or -1. */
  find(key: U64): number {
    return this.table.get(key.hi, key.lo);
  }

  key(e: number): U64 {
    return { hi: this.keys[e * 2], lo: this.keys[e * 2 + 1] };
  }

  entry(e: number): GuidEntry {
    return {
      slot: (this.articles[e] & ~COPY) >>> 0,
      copy: (this.articles[e] & COPY) !== 0,
      version: this.versions[e],
    };
  }

  /** Whether this version and content were already decided under the entry. */
  decided(e: number, version: number, content: number): boolean {
    if (this.versions[e] === version && (this.contents[e] === ANY_CONTENT || this.contents[e] === content))
      return true;
    return this.wasSuperseded(e, version, content) || this.wasSuperseded(e, version, ANY_CONTENT);
  }

  /**
   * Maps a guid to an article and records the version decided under it: the highest version and
   * its content stay in the entry, anything else goes to `superseded`. Returns the entry.
   */
  upsert(key: U64, slot: number, copy: boolean, version: number, content: number): number {
    let e = this.table.get(key.hi, key.lo);
    if (e < 0) {
      if (this.count === this.cap) {
        this.cap *= 2;
        this.keys = grown(this.keys, this.cap * 2);
        this.articles = grown(this.articles, this.cap);
        this.versions = grown(this.versions, this.cap);
        this.contents = grown(this.contents, this.cap);
      }
      e = this.count++;
      this.keys[e * 2] = key.hi;
      this.keys[e * 2 + 1] = key.lo;
      this.articles[e] = (copy ? slot | COPY : slot) >>> 0;
      this.versions[e] = version;
      this.contents[e] = content;
      this.table.set(e);
    } else if (version >= this.versions[e]) {
      this.supersede(e, this.versions[e], this.contents[e]);
      this.versions[e] = version;
      this.contents[e] = content;
    } else this.supersede(e, version, content);
    return e;
  }

  private supersededKey(e: number, version: number, content: number): U64 {
    return sha64(`${this.keys[e * 2]}:${this.keys[e * 2 + 1]}:${version}:${content}`);
  }

  private wasSuperseded(e: number, version: number, content: number): boolean {
    const k = this.supersededKey(e, version, content);
    return this.superseded.has(k.hi, k.lo);
  }

  private supersede(e: number, version: number, content: number): void {
    const k = this.supersededKey(e, version, content);
    this.superseded.add(k.hi, k.lo);
  }
}
