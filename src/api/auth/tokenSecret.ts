// Token secrets: 32 random bytes, shown once, and only their SHA-256 kept. A hash of a secret that
// long needs no salt or slow KDF (nothing to brute-force), and lets a lookup be one map access.
import { createHash, randomBytes } from 'node:crypto';

/** Prefix that makes a leaked token recognisable to secret scanners and to people. */
export const TOKEN_PREFIX = 'chg_';

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newTokenId(): string {
  return `tok_${randomBytes(6).toString('hex')}`;
}
