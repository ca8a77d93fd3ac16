import { UsageError } from './usageError.ts';

/**
 * RFC 7143 §9.2.1: a CHAP secret of fewer than 96 random bits falls to an offline dictionary attack
 * on one captured login, so it is only acceptable under IPsec, which the emulator does not offer.
 * Microsoft's initiator enforces the same 12-byte floor, so a shorter secret would not work there anyway.
 */
export const MIN_CHAP_SECRET_BYTES = 12;

/** The credentials as given, or a usage error naming the option when the secret is too short. */
export function checkChapSecret<T extends { readonly username: string; readonly secret: string }>(option: string, credentials: T): T {
  const bytes = Buffer.byteLength(credentials.secret, 'utf8');
  if (bytes < MIN_CHAP_SECRET_BYTES) {
    throw new UsageError(`${option}: the secret is ${bytes} byte${bytes === 1 ? '' : 's'} long; CHAP secrets must be at least ${MIN_CHAP_SECRET_BYTES} bytes (96 bits, RFC 7143 §9.2.1)`);
  }
  return credentials;
}
