import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WinIoctlFormatError } from '../../../../src/driver/winioctl/index.ts';

/**
 * Literal bytes from a hand-written hex listing: `//` starts a comment, whitespace is ignored, and
 * `20*24` stands for 24 bytes of 0x20 so that padding runs stay readable.
 */
export function hex(strings: TemplateStringsArray): Uint8Array {
  const out: number[] = [];
  for (const line of strings.join('').split('\n')) {
    for (const token of line.replace(/\/\/.*$/, '').split(/\s+/).filter((t) => t !== '')) {
      const [byte, times] = token.split('*');
      if (byte === undefined || !/^[0-9a-fA-F]{2}$/.test(byte)) throw new Error(`bad hex token ${token}`);
      out.push(...new Array<number>(times === undefined ? 1 : Number(times)).fill(parseInt(byte, 16)));
    }
  }
  return Uint8Array.from(out);
}

/** Asserts `fn` throws a WinIoctlFormatError naming `structure` and matching `message`. */
export function assertFormatError(fn: () => unknown, structure: string, message?: RegExp): WinIoctlFormatError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof WinIoctlFormatError, `expected WinIoctlFormatError, got ${String(caught)}`);
  assert.equal(caught.structure, structure);
  assert.ok(caught.message.startsWith(`${structure}:`), caught.message);
  if (message) assert.match(caught.message, message);
  return caught;
}

/** Asserts a too-short buffer is refused with the structure, the needed and the given length. */
export function assertTooShort(decode: (b: Uint8Array) => unknown, structure: string, needed: number): void {
  const given = needed - 1;
  const e = assertFormatError(() => decode(new Uint8Array(given)), structure, new RegExp(`needs ${needed} bytes, given ${given}`));
  assert.equal(e.neededLength, needed);
  assert.equal(e.givenLength, given);
}

/** Any bytes at all: the decoder returns a value or throws WinIoctlFormatError, never anything else. */
export function assertDecodesOrRefuses(decode: (b: Uint8Array) => unknown, maxLength: number): void {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength }), (bytes) => {
      try {
        decode(bytes);
      } catch (e) {
        if (!(e instanceof WinIoctlFormatError)) throw e;
      }
    }),
    { numRuns: 500 },
  );
}

/** The same bytes inside a larger pool at an odd offset, as Buffer slices arrive from I/O. */
export function atOffset(bytes: Uint8Array): Uint8Array {
  const pool = new Uint8Array(bytes.length + 7).fill(0xee);
  pool.set(bytes, 3);
  return pool.subarray(3, 3 + bytes.length);
}
