function slotOf(hi: number, lo: number): number {
  const h = Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Open-addressing hash table (linear probing, load ≤ 1/2) from 64-bit keys to small integers,
 * holding only the values: the keys live in the caller's columns and are read back through
 * `keyHi`/`keyLo`. A million entries cost 8 bytes each here, against ~100 for a Map of objects.
 */
export class U64Table {
  private slots: Uint32Array; // value + 1; 0 = empty
  private count = 0;

  constructor(
    private readonly keyHi: (value: number) => number,
    private readonly keyLo: (value: number) => number,
    initialCapacity = 1024,
  ) {
    this.slots = new Uint32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  private home(hi: number, lo: number, mask: number): number {
    return slotOf(hi, lo) & mask;
  }

  /** The value stored under the key, or -1. */
  get(hi: number, lo: number): number {
    const mask = this.slots.length - 1;
    for (let i = this.home(hi, lo, mask); ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === 0) return -1;
      if (this.keyHi(s - 1) === hi && this.keyLo(s - 1) === lo) return s - 1;
    }
  }

  /** Stores `value` under its key (read through the key getters), replacing any value there. */
  set(value: number): void {
    if ((this.count + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const hi = this.keyHi(value);
    const lo = this.keyLo(value);
    const mask = this.slots.length - 1;
    for (let i = this.home(hi, lo, mask); ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === 0) {
        this.slots[i] = value + 1;
        this.count++;
        return;
      }
      if (this.keyHi(s - 1) === hi && this.keyLo(s - 1) === lo) {
        this.slots[i] = value + 1;
        return;
      }
    }
  }

  /** Removes the key if present, by backward shift (no tombstones, so probes stay short). */
  delete(hi: number, lo: number): void {
    const mask = this.slots.length - 1;
    let i = this.home(hi, lo, mask);
    for (; ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === 0) return;
      if (this.keyHi(s - 1) === hi && this.keyLo(s - 1) === lo) break;
    }
    this.slots[i] = 0;
    this.count--;
    for (let j = (i + 1) & mask; this.slots[j] !== 0; j = (j + 1) & mask) {
      const v = this.slots[j] - 1;
      const h = this.home(this.keyHi(v), this.keyLo(v), mask);
      // move j back into the hole when its home is not in (i, j] cyclically
      if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
        this.slots[i] = this.slots[j];
        this.slots[j] = 0;
        i = j;
      }
    }
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    this.slots = new Uint32Array(capacity);
    this.count = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.set(old[i] - 1);
  }
}

/** A set of 64-bit keys held inline (for keys that have no column elsewhere). */
export class U64Set {
  private his: Uint32Array;
  private los: Uint32Array;
  private used: Uint8Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    this.his = new Uint32Array(initialCapacity);
    this.los = new Uint32Array(initialCapacity);
    this.used = new Uint8Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  has(hi: number, lo: number): boolean {
    return this.used[this.find(hi, lo)] === 1;
  }

  add(hi: number, lo: number): void {
    if ((this.count + 1) * 2 > this.his.length) this.grow();
    const i = this.find(hi, lo);
    if (this.used[i]) return;
    this.his[i] = hi;
    this.los[i] = lo;
    this.used[i] = 1;
    this.count++;
  }

  /** The slot holding the key, or the empty slot where it would go. */
  private find(hi: number, lo: number): number {
    const mask = this.his.length - 1;
    let i = slotOf(hi, lo) & mask;
    while (this.used[i] && (this.his[i] !== hi || this.los[i] !== lo)) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const { his, los, used } = this;
    this.his = new Uint32Array(his.length * 2);
    this.los = new Uint32Array(his.length * 2);
    this.used = new Uint8Array(his.length * 2);
    this.count = 0;
    for (let i = 0; i < his.length; i++) if (used[i]) this.add(his[i], los[i]);
  }
}
