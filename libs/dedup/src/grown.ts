/** A copy of a typed array in a longer one (the columns grow by doubling). */
export function grown<T extends Uint8Array | Uint16Array | Uint32Array>(arr: T, length: number): T {
  const next = new (arr.constructor as new (n: number) => T)(length);
  next.set(arr);
  return next;
}
