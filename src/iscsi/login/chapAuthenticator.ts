import type { TextPair } from '../text/textCodec.ts';
import { formatBinary } from '../text/values.ts';
import {
  CHAP_MD5, MAX_PEER_CHALLENGE_LENGTH, chapResponse, chapResponseMatches, newChallenge, parseChapBinary, parseChapIdentifier, type ChapCredentials,
} from './chap.ts';

/** The target's half of CHAP: challenge the initiator, check its answer, answer its challenge if it sends one. */

export type ChapStep =
  | { readonly kind: 'continue'; readonly pairs: TextPair[] }
  | { readonly kind: 'authenticated'; readonly pairs: TextPair[] }
  | { readonly kind: 'failed'; readonly reason: string; readonly pairs: TextPair[] };

export class ChapAuthenticator {
  private state: 'algorithm' | 'response' | 'done' = 'algorithm';
  private identifier = 0;
  private challenge: Buffer = Buffer.alloc(0);
  private readonly credentials: ChapCredentials;

  constructor(credentials: ChapCredentials) {
    this.credentials = credentials;
  }

  get authenticated(): boolean {
    return this.state === 'done';
  }

  /** Feeds the CHAP_* keys of one Login Request. */
  step(keys: ReadonlyMap<string, string>): ChapStep {
    if (this.state === 'algorithm') return this.chooseAlgorithm(keys);
    if (this.state === 'response') return this.checkResponse(keys);
    return { kind: 'failed', reason: 'CHAP keys after authentication completed', pairs: [] };
  }

  private chooseAlgorithm(keys: ReadonlyMap<string, string>): ChapStep {
    const algorithms = keys.get('CHAP_A');
    if (algorithms === undefined) return { kind: 'continue', pairs: [] }; // still waiting for CHAP_A
    if (!algorithms.split(',').includes(CHAP_MD5)) return { kind: 'failed', reason: `no supported CHAP algorithm in ${algorithms}`, pairs: [['CHAP_A', 'Reject']] };
    const { identifier, challenge } = newChallenge();
    this.identifier = identifier;
    this.challenge = challenge;
    this.state = 'response';
    return { kind: 'continue', pairs: [['CHAP_A', CHAP_MD5], ['CHAP_I', String(identifier)], ['CHAP_C', formatBinary(challenge)]] };
  }

  private checkResponse(keys: ReadonlyMap<string, string>): ChapStep {
    const name = keys.get('CHAP_N');
    const response = parseChapBinary(keys.get('CHAP_R'), 64);
    if (name === undefined || response === undefined) return { kind: 'failed', reason: 'CHAP_N and CHAP_R expected', pairs: [] };
    if (name !== this.credentials.username || !chapResponseMatches(response, this.identifier, this.credentials.secret, this.challenge)) {
      return { kind: 'failed', reason: `CHAP response for ${JSON.stringify(name)} does not match`, pairs: [] };
    }
    const mutual = this.mutualAnswer(keys);
    if (mutual.kind === 'failed') return mutual;
    this.state = 'done';
    return { kind: 'authenticated', pairs: mutual.pairs };
  }

  /** The initiator asks the target to authenticate itself by sending CHAP_I and CHAP_C. */
  private mutualAnswer(keys: ReadonlyMap<string, string>): ChapStep {
    if (!keys.has('CHAP_I') && !keys.has('CHAP_C')) return { kind: 'authenticated', pairs: [] };
    const identifier = parseChapIdentifier(keys.get('CHAP_I'));
    const challenge = parseChapBinary(keys.get('CHAP_C'), MAX_PEER_CHALLENGE_LENGTH);
    if (identifier === undefined || challenge === undefined) return { kind: 'failed', reason: 'malformed mutual CHAP_I/CHAP_C', pairs: [] };
    const mutual = this.credentials.mutual;
    if (mutual === undefined) return { kind: 'failed', reason: 'mutual CHAP requested but the target has no mutual secret', pairs: [] };
    // RFC 7143 §12.1.3: a reflected challenge would let an attacker use us as an oracle.
    if (challenge.equals(this.challenge)) return { kind: 'failed', reason: 'initiator reflected the target challenge', pairs: [] };
    return { kind: 'authenticated', pairs: [['CHAP_N', mutual.username], ['CHAP_R', formatBinary(chapResponse(identifier, mutual.secret, challenge))]] };
  }
}
