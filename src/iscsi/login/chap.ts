import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseBinary } from '../text/values.ts';

/**
 * CHAP as iSCSI uses it (RFC 1994, RFC 7143 §12.1.3): MD5 only (CHAP_A=5). The response to a
 * challenge is MD5(identifier ‖ secret ‖ challenge). One-way CHAP authenticates the initiator;
 * mutual CHAP adds the initiator's own challenge so the target proves its identity too.
 */

export const CHAP_MD5 = '5';
export const CHALLENGE_LENGTH = 16;
/** Longest challenge we accept from a peer: RFC 7143 bounds binary CHAP values, and so do we. */
export const MAX_PEER_CHALLENGE_LENGTH = 1024;

/** A CHAP name and secret; `mutual` is what the target answers with when the initiator asks. */
export interface ChapCredentials {
  readonly username: string;
  readonly secret: string;
  readonly mutual?: { readonly username: string; readonly secret: string };
}

export function chapResponse(identifier: number, secret: string, challenge: Uint8Array): Buffer {
  return createHash('md5').update(Uint8Array.of(identifier & 0xff)).update(Buffer.from(secret, 'utf8')).update(challenge).digest();
}

export function newChallenge(): { identifier: number; challenge: Buffer } {
  return { identifier: randomBytes(1)[0] as number, challenge: randomBytes(CHALLENGE_LENGTH) };
}

/** Constant-time check of a received CHAP_R against the expected one. */
export function chapResponseMatches(received: Uint8Array, identifier: number, secret: string, challenge: Uint8Array): boolean {
  const expected = chapResponse(identifier, secret, challenge);
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/** CHAP_I: a decimal (or hex) number 0..255. */
export function parseChapIdentifier(value: string | undefined): number | undefined {
  if (value === undefined || !/^(0[xX][0-9a-fA-F]{1,2}|[0-9]{1,3})$/.test(value)) return undefined;
  const n = value.startsWith('0x') || value.startsWith('0X') ? parseInt(value.slice(2), 16) : parseInt(value, 10);
  return n <= 255 ? n : undefined;
}

export function parseChapBinary(value: string | undefined, maxLength: number): Buffer | undefined {
  if (value === undefined) return undefined;
  const bytes = parseBinary(value);
  return bytes !== undefined && bytes.length > 0 && bytes.length <= maxLength ? bytes : undefined;
}
