/**
 * `array`, or a copy of it (contents kept) at least twice as long when it holds fewer than
 * `size` elements: the growth step of the hand-written indexes that keep their rows in typed
 * arrays (the related engine's, the PostgreSQL search vectors' builder). Without `size`, always
 * the copy: for a caller that grows an array it found full.
 */
export function grown<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(array: T, size = array.length + 1): T {
  if (size <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(array.length * 2, size));
  bigger.set(array);
  return bigger;
}
