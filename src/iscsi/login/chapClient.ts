import type { TextPair } from '../text/textCodec.ts';
import { formatBinary } from '../text/values.ts';
import {
  CHAP_MD5, MAX_PEER_CHALLENGE_LENGTH, chapResponse, chapResponseMatches, newChallenge, parseChapBinary, parseChapIdentifier,
} from './chap.ts';

/** The initiator's half of CHAP: answer the target's challenge and, for mutual CHAP, check the target's answer to ours. */

export interface ChapClientCredentials {
  readonly username: string;
  readonly secret: string;
  /** Expect the target to prove itself with this name and secret (mutual CHAP). */
  readonly mutual?: { readonly username: string; readonly secret: string };
}

export class ChapClient {
  private readonly credentials: ChapClientCredentials;
  private ourChallenge: { identifier: number; challenge: Buffer } | undefined;

  constructor(credentials: ChapClientCredentials) {
    this.credentials = credentials;
  }

  /** Keys to send once the target agreed to CHAP. */
  algorithmOffer(): TextPair[] {
    return [['CHAP_A', CHAP_MD5]];
  }

  /** Our answer to the target's CHAP_A/CHAP_I/CHAP_C; throws Error with a reason when they are unusable. */
  answerChallenge(keys: ReadonlyMap<string, string>): TextPair[] {
    if (keys.get('CHAP_A') !== CHAP_MD5) throw new Error(`target chose CHAP_A=${keys.get('CHAP_A') ?? '(none)'}, only MD5 (5) is supported`);
    const identifier = parseChapIdentifier(keys.get('CHAP_I'));
    const challenge = parseChapBinary(keys.get('CHAP_C'), MAX_PEER_CHALLENGE_LENGTH);
    if (identifier === undefined || challenge === undefined) throw new Error('target sent a malformed CHAP_I/CHAP_C');
    const pairs: TextPair[] = [['CHAP_N', this.credentials.username], ['CHAP_R', formatBinary(chapResponse(identifier, this.credentials.secret, challenge))]];
    if (this.credentials.mutual !== undefined) {
      let ours = newChallenge();
      while (ours.challenge.equals(challenge)) ours = newChallenge();
      this.ourChallenge = ours;
      pairs.push(['CHAP_I', String(ours.identifier)], ['CHAP_C', formatBinary(ours.challenge)]);
    }
    return pairs;
  }

  /** With mutual CHAP, the target's CHAP_N/CHAP_R in the last security response; throws when it fails. */
  verifyTarget(keys: ReadonlyMap<string, string>): void {
    const mutual = this.credentials.mutual;
    if (mutual === undefined || this.ourChallenge === undefined) return;
    const name = keys.get('CHAP_N');
    const response = parseChapBinary(keys.get('CHAP_R'), 64);
    if (name !== mutual.username || response === undefined || !chapResponseMatches(response, this.ourChallenge.identifier, mutual.secret, this.ourChallenge.challenge)) {
      throw new MutualChapFailure('the target failed mutual CHAP authentication');
    }
  }
}

/** The target could not prove itself with the mutual CHAP secret we expect: we end the login, not the target. */
export class MutualChapFailure extends Error {
  override readonly name = 'MutualChapFailure';
}
