/**
 * Serial number arithmetic for CmdSN, StatSN, DataSN (RFC 7143 §4.2.2.1 via RFC 1982, SERIAL_BITS
 * = 32): the counters wrap, so "less than" means "less than within half the number space".
 */

export function serialAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** a < b in serial arithmetic. */
export function serialLess(a: number, b: number): boolean {
  return a !== b && ((b - a) >>> 0) < 0x80000000;
}

export function serialLessOrEqual(a: number, b: number): boolean {
  return a === b || serialLess(a, b);
}

/** Distance from a to b going forward (b - a mod 2^32). */
export function serialDistance(a: number, b: number): number {
  return (b - a) >>> 0;
}
