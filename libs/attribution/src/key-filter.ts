const SLOTS = 4096;
// A key's first two and last code units; a one-letter key has no second (0).
const slotOf = (first: number, second: number, last: number) =>
  (first * 961 + (second | 0) * 31 + last) & (SLOTS - 1);
const lengthBit = (length: number) => 1 << Math.min(length, 31);

/**
 * A filter over word keys with no false negatives: most words of a text are in no index, and
 * this turns them away with one array read instead of a hash of the word (a Set or Map lookup
 * hashes a fresh string every time).
 */
export class KeyFilter {
  /** Lengths (bit n: n code units, bit 31: longer) of the added keys, by slot. */
  private readonly lengths = new Uint32Array(SLOTS);

  add(key: string): void {
    this.lengths[slotOf(key.charCodeAt(0), key.charCodeAt(1), key.charCodeAt(key.length - 1))] |= lengthBit(
      key.length,
    );
  }

  /** False when no added key has these code units and length. */
  mayHave(first: number, second: number, last: number, length: number): boolean {
    return (this.lengths[slotOf(first, second, last)] & lengthBit(length)) !== 0;
  }

  /** False when `key` was surely never added. */
  mayHaveKey(key: string): boolean {
    return this.mayHave(key.charCodeAt(0), key.charCodeAt(1), key.charCodeAt(key.length - 1), key.length);
  }
}
