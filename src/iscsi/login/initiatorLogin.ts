import type { LoginRequest, LoginResponse } from '../pdus.ts';
import { sessionParameters, type SessionParameters } from '../sessionParameters.ts';
import { OPERATIONAL_KEYS, type SessionType } from '../text/keys.ts';
import { acceptAnswer, answerOffer, initiatorOffers, policyValue, type NegotiationPolicy } from '../text/negotiation.ts';
import { NegotiationError } from '../text/negotiationError.ts';
import { parseText, serializeText, type TextPair } from '../text/textCodec.ts';
import { NOT_UNDERSTOOD, isSpecialAnswer } from '../text/values.ts';
import { ChapClient, type ChapClientCredentials } from './chapClient.ts';
import { LoginFailure, LoginStatus, Stage } from './loginStatus.ts';

/**
 * The initiator side of a login (RFC 7143 §6), as a pure state machine: `start()` gives the first
 * Login Request, each Login Response gives the next request or the negotiated session. Security
 * stage with AuthMethod None or CHAP (one-way or mutual), then operational offers, then full
 * feature phase.
 */

export interface InitiatorLoginOptions {
  readonly initiatorName: string;
  readonly initiatorAlias?: string;
  /** Required for a Normal session. */
  readonly targetName?: string;
  readonly sessionType: SessionType;
  readonly isid: number;
  readonly connectionId?: number;
  readonly initiatorTaskTag: number;
  readonly cmdSN: number;
  readonly chap?: ChapClientCredentials;
  readonly policy: NegotiationPolicy;
}

export interface InitiatorLoginResult {
  readonly tsih: number;
  readonly parameters: SessionParameters;
  /** StatSN of the final Login Response; full feature phase continues from the next one. */
  readonly statSN: number;
  readonly expCmdSN: number;
  readonly maxCmdSN: number;
  readonly targetAlias: string | undefined;
  readonly targetPortalGroupTag: number | undefined;
}

export type InitiatorLoginStep =
  | { readonly kind: 'send'; readonly request: LoginRequest }
  | { readonly kind: 'complete'; readonly result: InitiatorLoginResult };

const MAX_LOGIN_ROUNDS = 16;

export class InitiatorLogin {
  private readonly options: InitiatorLoginOptions;
  private readonly chap: ChapClient | undefined;
  private stage: number;
  private rounds = 0;
  private chapState: 'none' | 'method' | 'algorithm' | 'answered' | 'done';
  private expStatSN = 0;
  private pendingText: Uint8Array[] = [];
  /** Operational offers waiting for the target's answer. */
  private readonly offers = new Map<string, string>();
  private readonly results = new Map<string, string>();
  private readonly targetDeclared = new Map<string, string>();
  private targetAlias: string | undefined;
  private targetPortalGroupTag: number | undefined;

  constructor(options: InitiatorLoginOptions) {
    if (options.sessionType === 'Normal' && (options.targetName === undefined || options.targetName === '')) throw new RangeError('a Normal session needs a TargetName');
    this.options = options;
    this.chap = options.chap === undefined ? undefined : new ChapClient(options.chap);
    this.chapState = this.chap === undefined ? 'none' : 'method';
    this.stage = Stage.Security;
  }

  start(): LoginRequest {
    const pairs: TextPair[] = [['InitiatorName', this.options.initiatorName]];
    if (this.options.initiatorAlias !== undefined) pairs.push(['InitiatorAlias', this.options.initiatorAlias]);
    pairs.push(['SessionType', this.options.sessionType]);
    if (this.options.sessionType === 'Normal') pairs.push(['TargetName', this.options.targetName as string]);
    pairs.push(['AuthMethod', this.chap === undefined ? 'None' : 'CHAP']);
    // Without CHAP nothing is left to say in the security stage: ask to move on at once.
    return this.request(pairs, this.chap === undefined, Stage.Operational);
  }

  /** Throws LoginFailure for a refused login, NegotiationError for a target breaking the rules. */
  handle(response: LoginResponse): InitiatorLoginStep {
    if (++this.rounds > MAX_LOGIN_ROUNDS) throw new NegotiationError('login did not converge');
    this.expStatSN = (response.statSN + 1) >>> 0;
    if (response.statusClass !== 0) {
      const text = safeText(response.data);
      throw new LoginFailure(response, undefined, text.find(([k]) => k === 'TargetAddress')?.[1]);
    }
    if (response.currentStage !== this.stage) throw new NegotiationError(`Login Response for stage ${response.currentStage} while in stage ${this.stage}`);
    this.pendingText.push(response.data);
    if (response.continue) return { kind: 'send', request: this.request([], false, 0) };
    const pairs = parseText(Buffer.concat(this.pendingText));
    this.pendingText = [];
    const answers = this.stage === Stage.Security ? this.securityAnswers(pairs, response.transit) : this.operationalAnswers(pairs);
    if (response.transit) {
      if (response.nextStage <= this.stage) throw new NegotiationError(`target moved back to stage ${response.nextStage}`);
      this.stage = response.nextStage;
      if (this.stage === Stage.FullFeature) return { kind: 'complete', result: this.result(response) };
      const offers = initiatorOffers(this.options.policy, this.options.sessionType);
      for (const [key, value] of offers) if (key !== 'MaxRecvDataSegmentLength') this.offers.set(key, value);
      return { kind: 'send', request: this.request([...answers, ...offers], true, Stage.FullFeature) };
    }
    if (this.stage === Stage.Security) return { kind: 'send', request: this.request(answers, this.chapState === 'none' || this.chapState === 'answered' || this.chapState === 'done', Stage.Operational) };
    return { kind: 'send', request: this.request(answers, true, Stage.FullFeature) };
  }

  private securityAnswers(pairs: readonly TextPair[], transit: boolean): TextPair[] {
    const keys = new Map(pairs);
    this.noteDeclarations(keys);
    const method = keys.get('AuthMethod');
    const wanted = this.chap === undefined ? 'None' : 'CHAP';
    if (method !== undefined && method !== wanted) throw new LoginFailure(LoginStatus.AuthenticationFailure, `target answered AuthMethod=${method}, we offered ${wanted}`);
    if (this.chap === undefined) return [];
    try {
      if (this.chapState === 'method' && method === 'CHAP') {
        this.chapState = 'algorithm';
        return this.chap.algorithmOffer();
      }
      if (this.chapState === 'algorithm' && keys.has('CHAP_C')) {
        this.chapState = 'answered';
        return this.chap.answerChallenge(keys);
      }
      if (this.chapState === 'answered' && transit) {
        this.chap.verifyTarget(keys);
        this.chapState = 'done';
        return [];
      }
    } catch (e) {
      throw new LoginFailure(LoginStatus.AuthenticationFailure, (e as Error).message, undefined, { cause: e });
    }
    if (transit) throw new LoginFailure(LoginStatus.AuthenticationFailure, 'target ended the security stage before CHAP completed');
    return [];
  }

  private operationalAnswers(pairs: readonly TextPair[]): TextPair[] {
    const answers: TextPair[] = [];
    const keys = new Map(pairs);
    this.noteDeclarations(keys);
    for (const [key, value] of pairs) {
      if (key === 'MaxRecvDataSegmentLength' || OPERATIONAL_KEYS[key] === undefined) {
        if (OPERATIONAL_KEYS[key] === undefined && !isDeclaration(key) && !isSpecialAnswer(value)) answers.push([key, NOT_UNDERSTOOD]);
        continue;
      }
      const offered = this.offers.get(key);
      if (offered !== undefined) {
        this.offers.delete(key);
        const result = acceptAnswer(key, offered, value);
        if (result !== undefined) this.results.set(key, result);
      } else if (!isSpecialAnswer(value)) {
        // The target offers a key we did not: answer it as a responder.
        const { answer, result } = answerOffer(key, value, this.options.policy, this.options.sessionType);
        if (result !== undefined) this.results.set(key, result);
        if (answer !== undefined) answers.push([key, answer]);
      }
    }
    return answers;
  }

  private noteDeclarations(keys: ReadonlyMap<string, string>): void {
    const limit = keys.get('MaxRecvDataSegmentLength');
    if (limit !== undefined) this.targetDeclared.set('MaxRecvDataSegmentLength', limit);
    const alias = keys.get('TargetAlias');
    if (alias !== undefined) this.targetAlias = alias;
    const tag = keys.get('TargetPortalGroupTag');
    if (tag !== undefined) this.targetPortalGroupTag = Number(tag);
  }

  private result(response: LoginResponse): InitiatorLoginResult {
    // Offers never answered keep their defaults, except those the responder may omit (AND with No, OR with Yes).
    for (const [key, offered] of this.offers) {
      const result = acceptAnswer(key, offered, undefined);
      if (result !== undefined) this.results.set(key, result);
    }
    const ourLimit = new Map([['MaxRecvDataSegmentLength', policyValue(this.options.policy, 'MaxRecvDataSegmentLength') as string]]);
    return {
      tsih: response.tsih,
      parameters: sessionParameters(this.results, ourLimit, this.targetDeclared),
      statSN: response.statSN,
      expCmdSN: response.expCmdSN,
      maxCmdSN: response.maxCmdSN,
      targetAlias: this.targetAlias,
      targetPortalGroupTag: this.targetPortalGroupTag,
    };
  }

  private request(pairs: readonly TextPair[], transit: boolean, nextStage: number): LoginRequest {
    const withLimit = transit && nextStage === Stage.FullFeature && !this.declaredLimit ? this.declareLimit(pairs) : pairs;
    return {
      kind: 'login-request', transit, continue: false, currentStage: this.stage, nextStage: transit ? nextStage : 0, versionMax: 0, versionMin: 0,
      isid: this.options.isid, tsih: 0, initiatorTaskTag: this.options.initiatorTaskTag, connectionId: this.options.connectionId ?? 0,
      cmdSN: this.options.cmdSN, expStatSN: this.expStatSN, data: serializeText(withLimit),
    };
  }

  private declaredLimit = false;

  private declareLimit(pairs: readonly TextPair[]): TextPair[] {
    this.declaredLimit = true;
    if (pairs.some(([k]) => k === 'MaxRecvDataSegmentLength')) return [...pairs];
    return [...pairs, ['MaxRecvDataSegmentLength', policyValue(this.options.policy, 'MaxRecvDataSegmentLength') as string]];
  }
}

function isDeclaration(key: string): boolean {
  return ['TargetAlias', 'TargetPortalGroupTag', 'TargetAddress', 'TargetName', 'MaxRecvDataSegmentLength'].includes(key) || key.startsWith('CHAP_') || key === 'AuthMethod';
}

function safeText(data: Uint8Array): TextPair[] {
  try {
    return parseText(data);
  } catch {
    return [];
  }
}
