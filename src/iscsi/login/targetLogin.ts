import { randomBytes } from 'node:crypto';
import { IscsiPduError } from '../pduError.ts';
import type { LoginRequest, LoginResponse } from '../pdus.ts';
import { serialAdd } from '../serial.ts';
import { sessionParameters, type SessionParameters } from '../sessionParameters.ts';
import { IDENTITY_KEYS, IRRELEVANT_KEYS, OPERATIONAL_KEYS, SECURITY_KEYS, type SessionType } from '../text/keys.ts';
import { answerOffer, firstBurstIrrelevant, type NegotiationPolicy } from '../text/negotiation.ts';
import { NegotiationError } from '../text/negotiationError.ts';
import { parseText, serializeText, type TextPair } from '../text/textCodec.ts';
import { IRRELEVANT, NOT_UNDERSTOOD, isSpecialAnswer, parseList } from '../text/values.ts';
import type { ChapCredentials } from './chap.ts';
import { ChapAuthenticator } from './chapAuthenticator.ts';
import { LoginFailure, LoginStatus, Stage } from './loginStatus.ts';

/**
 * The target side of one connection's login phase (RFC 7143 §6, §11.12–13), as a pure state
 * machine: a Login Request in, the Login Response to send out. Security stage first (AuthMethod
 * None or CHAP), then operational negotiation, then full feature phase. Any failure becomes a
 * Login Response with the status class/detail the RFC prescribes, after which the caller closes
 * the connection.
 */

/** What a login needs to know about a target served here. */
export interface LoginTarget {
  readonly name: string;
  readonly alias?: string;
  /** When set, the initiator must authenticate with CHAP. */
  readonly chap?: ChapCredentials;
}

export interface TargetLoginContext {
  readonly portalGroupTag: number;
  readonly policy: NegotiationPolicy;
  /** ExpCmdSN..MaxCmdSN window granted once in full feature phase. */
  readonly commandWindow: number;
  /** CHAP required for discovery sessions, if any. */
  readonly discoveryChap?: ChapCredentials;
  findTarget(name: string): LoginTarget | undefined;
  /** Whether a session with this TSIH exists (the login would add a connection to it). */
  sessionExists(tsih: number): boolean;
  /** Admits the completed login as a session and returns its TSIH; throws LoginFailure to refuse. */
  admit(login: CompletedLogin): number;
}

export interface CompletedLogin {
  readonly sessionType: SessionType;
  readonly initiatorName: string;
  readonly initiatorAlias: string | undefined;
  /** Undefined for discovery sessions. */
  readonly target: LoginTarget | undefined;
  readonly isid: number;
  readonly connectionId: number;
  readonly parameters: SessionParameters;
  /** CmdSN of the first full-feature command (the login's CmdSN: login requests are immediate). */
  readonly expCmdSN: number;
  /** StatSN the first full-feature status will carry. */
  readonly nextStatSN: number;
  /** The initiator proved who it is with CHAP (not merely allowed in by AuthMethod=None). */
  readonly authenticatedWithChap: boolean;
}

export type TargetLoginStep =
  | { readonly kind: 'continue'; readonly response: LoginResponse }
  | { readonly kind: 'complete'; readonly response: LoginResponse; readonly login: CompletedLogin; readonly tsih: number }
  | { readonly kind: 'failed'; readonly response: LoginResponse; readonly failure: LoginFailure };

/** Bounds a login that never ends. */
const MAX_LOGIN_PDUS = 32;
/** Bounds text split over many PDUs with the C bit. */
const MAX_LOGIN_TEXT = 64 * 1024;

interface FirstRequest {
  readonly isid: number;
  readonly tsih: number;
  readonly initiatorTaskTag: number;
  readonly connectionId: number;
}

export class TargetLogin {
  private readonly context: TargetLoginContext;
  private first: FirstRequest | undefined;
  private stage: number = Stage.Security;
  private statSN: number;
  private cmdSN = 0;
  private pdus = 0;
  private pendingText: Uint8Array[] = [];
  private pendingLength = 0;
  private sessionType: SessionType = 'Normal';
  private initiatorName = '';
  private initiatorAlias: string | undefined;
  private target: LoginTarget | undefined;
  private chap: ChapCredentials | undefined;
  private authMethod: 'None' | 'CHAP' | undefined;
  private authenticator: ChapAuthenticator | undefined;
  private authenticated = false;
  private declaredOurLimit = false;
  private readonly seenKeys = new Set<string>();
  private readonly results = new Map<string, string>();
  private readonly initiatorDeclared = new Map<string, string>();

  constructor(context: TargetLoginContext, initialStatSN: number = randomBytes(4).readUInt32BE()) {
    this.context = context;
    this.statSN = initialStatSN;
  }

  /** CID of the connection logging in (0 before the first request). */
  get connectionId(): number {
    return this.first?.connectionId ?? 0;
  }

  handle(request: LoginRequest): TargetLoginStep {
    try {
      return this.step(request);
    } catch (e) {
      if (e instanceof LoginFailure) return this.fail(request, e);
      if (e instanceof NegotiationError || e instanceof IscsiPduError) return this.fail(request, new LoginFailure(LoginStatus.InitiatorError, e.message));
      throw e;
    }
  }

  private step(request: LoginRequest): TargetLoginStep {
    if (++this.pdus > MAX_LOGIN_PDUS) throw new LoginFailure(LoginStatus.InitiatorError, 'too many login PDUs');
    this.checkHeader(request);
    this.pendingText.push(request.data);
    this.pendingLength += request.data.length;
    if (this.pendingLength > MAX_LOGIN_TEXT) throw new LoginFailure(LoginStatus.OutOfResources, 'login text too long');
    // RFC 7143 §11.12.2: text continued with C is acknowledged by an empty response.
    if (request.continue) return { kind: 'continue', response: this.response(request, { transit: false, nextStage: 0, data: [] }) };
    const pairs = parseText(Buffer.concat(this.pendingText));
    this.pendingText = [];
    this.pendingLength = 0;
    const answers: TextPair[] = [];
    if (this.pdus === 1 || this.initiatorName === '') this.identify(pairs, answers);
    const ready = request.currentStage === Stage.Security ? this.securityStage(pairs, answers, request.transit) : this.operationalStage(pairs, answers);
    const transit = request.transit && ready;
    if (transit && request.nextStage === Stage.FullFeature) this.declareOurLimit(answers);
    if (!transit) return { kind: 'continue', response: this.response(request, { transit: false, nextStage: 0, data: answers }) };
    this.stage = request.nextStage;
    if (this.stage !== Stage.FullFeature) return { kind: 'continue', response: this.response(request, { transit: true, nextStage: this.stage, data: answers }) };
    return this.complete(request, answers);
  }

  private checkHeader(request: LoginRequest): void {
    if (this.first === undefined) {
      // Version 0x00 is the only one defined (RFC 7143 §11.12.4).
      if (request.versionMin > 0) throw new LoginFailure(LoginStatus.UnsupportedVersion, `Version-min ${request.versionMin}`);
      this.first = { isid: request.isid, tsih: request.tsih, initiatorTaskTag: request.initiatorTaskTag, connectionId: request.connectionId };
      this.cmdSN = request.cmdSN;
      if (request.currentStage !== Stage.Security && request.currentStage !== Stage.Operational) throw new LoginFailure(LoginStatus.InitiatorError, `CSG ${request.currentStage}`);
      this.stage = request.currentStage;
      if (request.tsih !== 0) {
        // One connection per session (MaxConnections=1): a login joining a session cannot be accepted.
        throw new LoginFailure(this.context.sessionExists(request.tsih) ? LoginStatus.TooManyConnections : LoginStatus.SessionDoesNotExist);
      }
    } else {
      const f = this.first;
      if (request.isid !== f.isid || request.tsih !== f.tsih || request.initiatorTaskTag !== f.initiatorTaskTag || request.connectionId !== f.connectionId) {
        throw new LoginFailure(LoginStatus.InitiatorError, 'ISID, TSIH, ITT or CID changed during login');
      }
    }
    if (request.currentStage !== this.stage) throw new LoginFailure(LoginStatus.InitiatorError, `CSG ${request.currentStage} while in stage ${this.stage}`);
    if (request.transit && (request.nextStage <= request.currentStage || request.nextStage === 2)) {
      throw new LoginFailure(LoginStatus.InitiatorError, `cannot go from stage ${request.currentStage} to ${request.nextStage}`);
    }
  }

  /** InitiatorName, SessionType and TargetName come in the first Login Request (RFC 7143 §13.7–13.21). */
  private identify(pairs: readonly TextPair[], answers: TextPair[]): void {
    const keys = new Map(pairs);
    const initiatorName = keys.get('InitiatorName');
    if (initiatorName === undefined || initiatorName === '') throw new LoginFailure(LoginStatus.MissingParameter, 'InitiatorName');
    this.initiatorName = initiatorName;
    const sessionType = keys.get('SessionType') ?? 'Normal';
    if (sessionType !== 'Normal' && sessionType !== 'Discovery') throw new LoginFailure(LoginStatus.SessionTypeNotSupported, sessionType);
    this.sessionType = sessionType;
    if (sessionType === 'Discovery') {
      this.chap = this.context.discoveryChap;
      return;
    }
    const targetName = keys.get('TargetName');
    if (targetName === undefined || targetName === '') throw new LoginFailure(LoginStatus.MissingParameter, 'TargetName');
    const target = this.context.findTarget(targetName);
    if (target === undefined) throw new LoginFailure(LoginStatus.NotFound, targetName);
    this.target = target;
    this.chap = target.chap;
    // RFC 7143 §13.9: the portal group tag goes in the first response of a normal session's leading login.
    answers.push(['TargetPortalGroupTag', String(this.context.portalGroupTag)]);
    if (target.alias !== undefined) answers.push(['TargetAlias', target.alias]);
  }

  /** Returns whether the initiator may leave the security stage. */
  private securityStage(pairs: readonly TextPair[], answers: TextPair[], wantsTransit: boolean): boolean {
    const chapKeys = new Map<string, string>();
    for (const [key, value] of pairs) {
      if (key === 'AuthMethod') this.chooseAuthMethod(value, answers);
      else if (SECURITY_KEYS.has(key)) chapKeys.set(key, value);
      else this.negotiate(key, value, answers);
    }
    if (chapKeys.size > 0) {
      if (this.authenticator === undefined) throw new LoginFailure(LoginStatus.InitiatorError, 'CHAP keys before AuthMethod=CHAP was agreed');
      const step = this.authenticator.step(chapKeys);
      answers.push(...step.pairs);
      if (step.kind === 'failed') throw new LoginFailure(LoginStatus.AuthenticationFailure, step.reason);
      if (step.kind === 'authenticated') this.authenticated = true;
    }
    if (wantsTransit && this.authMethod === undefined) {
      // No AuthMethod offered: acceptable only where no authentication is required.
      if (this.chap !== undefined) throw new LoginFailure(LoginStatus.AuthenticationFailure, 'authentication required');
      this.authenticated = true;
    }
    return this.authenticated;
  }

  private chooseAuthMethod(value: string, answers: TextPair[]): void {
    if (this.seenKeys.has('AuthMethod')) throw new LoginFailure(LoginStatus.InitiatorError, 'AuthMethod offered twice');
    this.seenKeys.add('AuthMethod');
    const offered = parseList(value);
    const wanted = this.chap === undefined ? 'None' : 'CHAP';
    if (!offered.includes(wanted)) {
      answers.push(['AuthMethod', 'Reject']);
      throw new LoginFailure(LoginStatus.AuthenticationFailure, `AuthMethod=${value} but this target requires ${wanted}`);
    }
    answers.push(['AuthMethod', wanted]);
    this.authMethod = wanted;
    if (this.chap === undefined) this.authenticated = true;
    else this.authenticator = new ChapAuthenticator(this.chap);
  }

  /** Returns whether the initiator may go on to full feature phase. */
  private operationalStage(pairs: readonly TextPair[], answers: TextPair[]): boolean {
    if (!this.authenticated) {
      if (this.chap !== undefined) throw new LoginFailure(LoginStatus.AuthenticationFailure, 'authentication required before operational negotiation');
      this.authenticated = true;
    }
    for (const [key, value] of pairs) {
      if (SECURITY_KEYS.has(key)) throw new LoginFailure(LoginStatus.InitiatorError, `${key} outside the security stage`);
      this.negotiate(key, value, answers);
    }
    this.declareOurLimit(answers);
    return true;
  }

  private negotiate(key: string, value: string, answers: TextPair[]): void {
    if (IDENTITY_KEYS[key] !== undefined) return this.declaration(key, value);
    if (IRRELEVANT_KEYS.has(key)) return void answers.push([key, IRRELEVANT]);
    if (OPERATIONAL_KEYS[key] === undefined) return void answers.push([key, NOT_UNDERSTOOD]);
    // An answer to an offer of ours: the target only declares, so nothing to settle.
    if (isSpecialAnswer(value)) return;
    if (this.seenKeys.has(key)) throw new LoginFailure(LoginStatus.InitiatorError, `${key} negotiated twice`);
    this.seenKeys.add(key);
    const { answer, result } = answerOffer(key, value, this.context.policy, this.sessionType);
    if (key === 'MaxRecvDataSegmentLength') this.initiatorDeclared.set(key, value);
    else if (result !== undefined) this.results.set(key, result);
    if (answer !== undefined) answers.push([key, answer]);
    if (key === 'FirstBurstLength' || key === 'InitialR2T' || key === 'ImmediateData') this.markFirstBurst(answers);
  }

  /** Keeps the FirstBurstLength answer consistent with InitialR2T/ImmediateData settled in the same text. */
  private markFirstBurst(answers: TextPair[]): void {
    const index = answers.findIndex(([k]) => k === 'FirstBurstLength');
    if (index >= 0 && firstBurstIrrelevant(this.results)) answers[index] = ['FirstBurstLength', IRRELEVANT];
  }

  private declaration(key: string, value: string): void {
    if (key === 'InitiatorName' && value !== this.initiatorName) throw new LoginFailure(LoginStatus.InitiatorError, 'InitiatorName changed during login');
    if (key === 'TargetName' && this.target !== undefined && value !== this.target.name) throw new LoginFailure(LoginStatus.InitiatorError, 'TargetName changed during login');
    if (key === 'InitiatorAlias') this.initiatorAlias = value;
  }

  private declareOurLimit(answers: TextPair[]): void {
    if (this.declaredOurLimit) return;
    this.declaredOurLimit = true;
    answers.push(['MaxRecvDataSegmentLength', String(this.context.policy.maxRecvDataSegmentLength)]);
  }

  private complete(request: LoginRequest, answers: TextPair[]): TargetLoginStep {
    const targetDeclared = new Map([['MaxRecvDataSegmentLength', String(this.context.policy.maxRecvDataSegmentLength)]]);
    const login: CompletedLogin = {
      sessionType: this.sessionType,
      initiatorName: this.initiatorName,
      initiatorAlias: this.initiatorAlias,
      target: this.target,
      isid: request.isid,
      connectionId: request.connectionId,
      parameters: sessionParameters(this.results, this.initiatorDeclared, targetDeclared),
      expCmdSN: this.cmdSN,
      nextStatSN: serialAdd(this.statSN, 1),
      authenticatedWithChap: this.authMethod === 'CHAP',
    };
    const tsih = this.context.admit(login);
    const response = this.response(request, { transit: true, nextStage: Stage.FullFeature, data: answers, tsih });
    return { kind: 'complete', response, login, tsih };
  }

  private fail(request: LoginRequest, failure: LoginFailure): TargetLoginStep {
    const response: LoginResponse = {
      ...this.response(request, { transit: false, nextStage: 0, data: [] }),
      statusClass: failure.statusClass,
      statusDetail: failure.statusDetail,
    };
    return { kind: 'failed', response, failure };
  }

  private response(request: LoginRequest, parts: { transit: boolean; nextStage: number; data: readonly TextPair[]; tsih?: number }): LoginResponse {
    const statSN = this.statSN;
    this.statSN = serialAdd(this.statSN, 1);
    return {
      kind: 'login-response', transit: parts.transit, continue: false, currentStage: request.currentStage, nextStage: parts.nextStage,
      versionMax: 0, versionActive: 0, isid: request.isid, tsih: parts.tsih ?? request.tsih, initiatorTaskTag: request.initiatorTaskTag,
      statSN, expCmdSN: this.cmdSN, maxCmdSN: serialAdd(this.cmdSN, Math.max(this.context.commandWindow, 1) - 1),
      statusClass: 0, statusDetail: 0, data: serializeText(parts.data),
    };
  }
}
