/**
 * Copies bytes to or from shared memory (the tape I/O thread's ring and read-ahead chunks) with
 * one memcpy. TypedArray.prototype.set copies to or from a SharedArrayBuffer a word at a time with
 * atomic stores — about 21 µs for a 64 KiB record on the project's machine, a fifth of a WRITE's
 * whole budget — while Buffer's fill with a buffer value is a plain memcpy (about 6 µs).
 */
const fill = Buffer.prototype.fill;

/** `source` into `target` at `at` (which must have room for it). */
export function copyBytes(source: Uint8Array, target: Uint8Array, at: number): void {
  if (source.length === 0) return;
  // fill() copies a buffer value once when the range is exactly its length.
  fill.call(target as Buffer, source, at, at + source.length);
}
