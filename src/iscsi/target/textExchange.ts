import { IscsiPduError, RejectReason } from '../pduError.ts';
import type { TextRequest } from '../pdus.ts';
import { IDENTITY_KEYS, OPERATIONAL_KEYS, type SessionType } from '../text/keys.ts';
import { parseText, serializeText, type TextPair } from '../text/textCodec.ts';
import { NOT_UNDERSTOOD, REJECT, isSpecialAnswer, parseNumber } from '../text/values.ts';
import { RESERVED_TAG } from '../opcodes.ts';
import { sendTargetsAnswer, type Portal } from './sendTargets.ts';

/**
 * One text negotiation in full feature phase (RFC 7143 §11.10–11): SendTargets discovery and the
 * few declarations allowed after login. Long requests arrive in pieces (C bit) and are acknowledged
 * with a Target Transfer Tag; long answers leave in pieces, each fetched by an empty request that
 * quotes the tag.
 */

export interface TextContext {
  readonly sessionType: SessionType;
  readonly currentTarget: string | undefined;
  readonly targetNames: readonly string[];
  readonly portal: Portal;
  nextTag(): number;
}

export interface TextReply {
  readonly final: boolean;
  readonly continue: boolean;
  readonly targetTransferTag: number;
  readonly data: Uint8Array;
  /** The exchange is over after this reply. */
  readonly done: boolean;
  /** A MaxRecvDataSegmentLength the initiator declared, to apply from now on. */
  readonly declaredMaxRecvDataSegmentLength?: number;
}

const MAX_REQUEST_TEXT = 64 * 1024;

export class TextExchange {
  private readonly initiatorTaskTag: number;
  private readonly context: TextContext;
  private incoming: Uint8Array[] = [];
  private incomingLength = 0;
  private outgoing: Buffer | undefined;
  private tag = RESERVED_TAG;

  constructor(initiatorTaskTag: number, context: TextContext) {
    this.initiatorTaskTag = initiatorTaskTag;
    this.context = context;
  }

  /** Whether a request belongs to this exchange (same ITT, quoting our tag). */
  continues(request: TextRequest): boolean {
    return request.initiatorTaskTag === this.initiatorTaskTag && this.tag !== RESERVED_TAG && request.targetTransferTag === this.tag;
  }

  receive(request: TextRequest, maxSegment: number): TextReply {
    if (this.outgoing !== undefined) return this.nextPiece(maxSegment);
    this.incoming.push(request.data);
    this.incomingLength += request.data.length;
    if (this.incomingLength > MAX_REQUEST_TEXT) throw new IscsiPduError(RejectReason.ProtocolError, 'text request too long');
    if (request.continue) {
      this.tag = this.context.nextTag();
      return { final: false, continue: false, targetTransferTag: this.tag, data: new Uint8Array(0), done: false };
    }
    const { answers, declared } = this.answer(parseText(Buffer.concat(this.incoming)));
    this.outgoing = serializeText(answers);
    const reply = this.nextPiece(maxSegment);
    return declared === undefined ? reply : { ...reply, declaredMaxRecvDataSegmentLength: declared };
  }

  private nextPiece(maxSegment: number): TextReply {
    const outgoing = this.outgoing as Buffer;
    if (outgoing.length <= maxSegment) {
      this.outgoing = undefined;
      this.tag = RESERVED_TAG;
      return { final: true, continue: false, targetTransferTag: RESERVED_TAG, data: outgoing, done: true };
    }
    this.outgoing = outgoing.subarray(maxSegment);
    this.tag = this.context.nextTag();
    return { final: false, continue: true, targetTransferTag: this.tag, data: outgoing.subarray(0, maxSegment), done: false };
  }

  private answer(pairs: readonly TextPair[]): { answers: TextPair[]; declared: number | undefined } {
    const answers: TextPair[] = [];
    let declared: number | undefined;
    for (const [key, value] of pairs) {
      if (isSpecialAnswer(value)) continue;
      if (key === 'SendTargets') {
        answers.push(...sendTargetsAnswer(value, this.context.targetNames, this.context.sessionType, this.context.currentTarget, this.context.portal));
      } else if (key === 'MaxRecvDataSegmentLength') {
        const n = parseNumber(value);
        if (n === undefined || n < 512 || n > 0xffffff) answers.push([key, REJECT]);
        else declared = n;
      } else if (OPERATIONAL_KEYS[key] !== undefined || IDENTITY_KEYS[key] !== undefined) {
        // Login-only keys cannot change in full feature phase.
        answers.push([key, REJECT]);
      } else {
        answers.push([key, NOT_UNDERSTOOD]);
      }
    }
    return { answers, declared };
  }
}
