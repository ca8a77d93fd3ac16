import { IscsiPduError, RejectReason } from '../pduError.ts';

/**
 * The key=value text of Login and Text PDUs (RFC 7143 §6.1): UTF-8 pairs, each ended by a NUL.
 * Order and repeats are kept — SendTargets answers repeat TargetAddress — and the negotiation
 * layer decides what a repeat means.
 */

export type TextPair = readonly [key: string, value: string];

/** Key names: letters, digits, '.', '-', '+', '@', '_' and ':' (RFC 7143 §6.1), at most 63 bytes. */
const KEY_PATTERN = /^[A-Za-z0-9.\-+@_:]{1,63}$/;

/** Values are limited to 255 bytes except where a key says otherwise (CHAP binary values, SendTargets). */
const MAX_VALUE_LENGTH = 8192;

/**
 * Parses a complete text (several PDUs' data joined when the C bit was used). A missing NUL after
 * the last pair is tolerated: some initiators omit it, and nothing is ambiguous without it.
 */
export function parseText(bytes: Uint8Array): TextPair[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const pairs: TextPair[] = [];
  const items = text.split('\0');
  if (items[items.length - 1] === '') items.pop();
  for (const item of items) {
    if (item === '') continue; // padding NULs some peers leave between pairs
    const equals = item.indexOf('=');
    if (equals < 0) throw new IscsiPduError(RejectReason.ProtocolError, `text item without '=': ${JSON.stringify(item.slice(0, 64))}`);
    const key = item.slice(0, equals);
    const value = item.slice(equals + 1);
    if (!KEY_PATTERN.test(key)) throw new IscsiPduError(RejectReason.ProtocolError, `invalid key name ${JSON.stringify(key.slice(0, 64))}`);
    if (Buffer.byteLength(value) > MAX_VALUE_LENGTH) throw new IscsiPduError(RejectReason.ProtocolError, `value of ${key} is too long`);
    pairs.push([key, value]);
  }
  return pairs;
}

export function serializeText(pairs: readonly TextPair[]): Buffer {
  return Buffer.from(pairs.map(([key, value]) => `${key}=${value}\0`).join(''), 'utf8');
}

/** The value of the first occurrence of `key`, if any. */
export function textValue(pairs: readonly TextPair[], key: string): string | undefined {
  return pairs.find(([k]) => k === key)?.[1];
}
