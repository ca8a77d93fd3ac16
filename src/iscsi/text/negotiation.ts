import { OPERATIONAL_KEYS, type KeyDefinition, type SessionType } from './keys.ts';
import { NegotiationError } from './negotiationError.ts';
import type { TextPair } from './textCodec.ts';
import { IRRELEVANT, REJECT, formatBoolean, isSpecialAnswer, parseBoolean, parseList, parseNumber } from './values.ts';

/**
 * Operational key negotiation (RFC 7143 §6.2): the responder's answer to an offer, the
 * originator's check of an answer, and the offers an initiator makes. Results are kept as the
 * agreed text values; sessionParameters.ts turns them into numbers and booleans.
 */

/** What one side is willing to use, in its own preference order for lists. */
export interface NegotiationPolicy {
  readonly headerDigest: readonly ('None' | 'CRC32C')[];
  readonly dataDigest: readonly ('None' | 'CRC32C')[];
  readonly maxConnections: number;
  readonly initialR2T: boolean;
  readonly immediateData: boolean;
  readonly maxRecvDataSegmentLength: number;
  readonly maxBurstLength: number;
  readonly firstBurstLength: number;
  readonly defaultTime2Wait: number;
  readonly defaultTime2Retain: number;
  readonly maxOutstandingR2T: number;
  readonly dataPDUInOrder: boolean;
  readonly dataSequenceInOrder: boolean;
  readonly errorRecoveryLevel: number;
}

/**
 * This stack implements error recovery level 0 and one connection per session, in-order data only.
 * Both sides offer what a fast tape target offers (ssc.md §6): a tape drive runs one command at a
 * time, so every R2T round trip and every extra PDU of a WRITE is time the drive stands still.
 * A 1 MiB block (LTFS) then travels as one SCSI Command PDU with all its data immediate, and a
 * READ of it as one Data-In PDU; peers that offer less (libiscsi 262144, tgt 8192) get the minimum.
 */
export const DEFAULT_POLICY: NegotiationPolicy = {
  headerDigest: ['None', 'CRC32C'],
  dataDigest: ['None', 'CRC32C'],
  maxConnections: 1,
  initialR2T: false,
  immediateData: true,
  maxRecvDataSegmentLength: 1024 * 1024,
  // open-iscsi's MaxBurstLength (16 MiB less 1 KiB): more than any tape block.
  maxBurstLength: 16776192,
  firstBurstLength: 1024 * 1024,
  defaultTime2Wait: 2,
  defaultTime2Retain: 0,
  maxOutstandingR2T: 1,
  dataPDUInOrder: true,
  dataSequenceInOrder: true,
  errorRecoveryLevel: 0,
};

/** Our own value of a negotiated key, as text ("None,CRC32C" for lists). */
export function policyValue(policy: NegotiationPolicy, key: string): string | undefined {
  switch (key) {
    case 'HeaderDigest': return policy.headerDigest.join(',');
    case 'DataDigest': return policy.dataDigest.join(',');
    case 'MaxConnections': return String(policy.maxConnections);
    case 'InitialR2T': return formatBoolean(policy.initialR2T);
    case 'ImmediateData': return formatBoolean(policy.immediateData);
    case 'MaxRecvDataSegmentLength': return String(policy.maxRecvDataSegmentLength);
    case 'MaxBurstLength': return String(policy.maxBurstLength);
    case 'FirstBurstLength': return String(Math.min(policy.firstBurstLength, policy.maxBurstLength));
    case 'DefaultTime2Wait': return String(policy.defaultTime2Wait);
    case 'DefaultTime2Retain': return String(policy.defaultTime2Retain);
    case 'MaxOutstandingR2T': return String(policy.maxOutstandingR2T);
    case 'DataPDUInOrder': return formatBoolean(policy.dataPDUInOrder);
    case 'DataSequenceInOrder': return formatBoolean(policy.dataSequenceInOrder);
    case 'ErrorRecoveryLevel': return String(policy.errorRecoveryLevel);
    case 'IFMarker':
    case 'OFMarker': return 'No';
    default: return undefined;
  }
}

export interface Answer {
  /** The text to send back; undefined for declarations. */
  readonly answer: string | undefined;
  /** The value now in force, when the exchange settled one. */
  readonly result: string | undefined;
}

function numberInRange(value: string, low: number, high: number): number | undefined {
  const n = parseNumber(value);
  return n !== undefined && n >= low && n <= high ? n : undefined;
}

/** The responder's answer to one offered operational key. */
export function answerOffer(key: string, offered: string, policy: NegotiationPolicy, sessionType: SessionType): Answer {
  const definition = OPERATIONAL_KEYS[key];
  if (definition === undefined) throw new RangeError(`${key} is not an operational key`);
  if (definition.normalSessionOnly && sessionType === 'Discovery') return { answer: IRRELEVANT, result: undefined };
  const ours = policyValue(policy, key) as string;
  const rule = definition.rule;
  switch (rule.kind) {
    case 'declarative': {
      const range = definition.range;
      if (range !== undefined && numberInRange(offered, range.low, range.high) === undefined) {
        throw new NegotiationError(`${key}=${offered} is not a number in ${range.low}..${range.high}`);
      }
      return { answer: undefined, result: offered };
    }
    case 'list': {
      const supported = parseList(ours);
      const choice = parseList(offered).find((v) => supported.includes(v) && rule.values.includes(v));
      return choice === undefined ? { answer: REJECT, result: undefined } : { answer: choice, result: choice };
    }
    case 'and':
    case 'or': {
      const theirs = parseBoolean(offered);
      if (theirs === undefined) return { answer: REJECT, result: undefined };
      const mine = parseBoolean(ours) as boolean;
      const result = formatBoolean(rule.kind === 'and' ? theirs && mine : theirs || mine);
      return { answer: result, result };
    }
    case 'min':
    case 'max': {
      const theirs = numberInRange(offered, rule.low, rule.high);
      if (theirs === undefined) return { answer: REJECT, result: undefined };
      const mine = Number(ours);
      const result = String(rule.kind === 'min' ? Math.min(theirs, mine) : Math.max(theirs, mine));
      return { answer: result, result };
    }
  }
}

/**
 * The originator's view of an answer: the value now in force, or undefined for the default.
 * An answer the rules do not allow (a value never offered, a larger minimum) ends the login.
 */
export function acceptAnswer(key: string, offered: string, answer: string | undefined): string | undefined {
  const definition: KeyDefinition | undefined = OPERATIONAL_KEYS[key];
  if (definition === undefined) throw new RangeError(`${key} is not an operational key`);
  const rule = definition.rule;
  if (rule.kind === 'declarative') return offered;
  if (rule.kind === 'and' && offered === 'No') return 'No'; // the responder may omit these answers
  if (rule.kind === 'or' && offered === 'Yes') return 'Yes';
  if (answer === undefined || isSpecialAnswer(answer)) return undefined;
  const illegal = (): NegotiationError => new NegotiationError(`illegal answer ${key}=${answer} to offer ${offered}`);
  switch (rule.kind) {
    case 'list':
      if (!parseList(offered).includes(answer)) throw illegal();
      return answer;
    case 'and':
    case 'or':
      if (parseBoolean(answer) === undefined) throw illegal();
      return answer;
    case 'min':
    case 'max': {
      const value = numberInRange(answer, rule.low, rule.high);
      const mine = Number(offered);
      if (value === undefined || (rule.kind === 'min' ? value > mine : value < mine)) throw illegal();
      return String(value);
    }
  }
}

/** Operational offers an initiator makes for a session type (declarations included). */
export function initiatorOffers(policy: NegotiationPolicy, sessionType: SessionType): TextPair[] {
  const keys = sessionType === 'Discovery'
    ? ['HeaderDigest', 'DataDigest', 'MaxRecvDataSegmentLength', 'DefaultTime2Wait', 'DefaultTime2Retain', 'ErrorRecoveryLevel']
    : ['HeaderDigest', 'DataDigest', 'MaxConnections', 'InitialR2T', 'ImmediateData', 'MaxRecvDataSegmentLength', 'MaxBurstLength',
      'FirstBurstLength', 'DefaultTime2Wait', 'DefaultTime2Retain', 'MaxOutstandingR2T', 'DataPDUInOrder', 'DataSequenceInOrder', 'ErrorRecoveryLevel'];
  return keys.map((key) => [key, policyValue(policy, key) as string]);
}

/** RFC 7143 §13.14: FirstBurstLength means nothing when no unsolicited data is allowed. */
export function firstBurstIrrelevant(results: ReadonlyMap<string, string>): boolean {
  const initialR2T = results.get('InitialR2T') ?? OPERATIONAL_KEYS.InitialR2T?.default;
  const immediateData = results.get('ImmediateData') ?? OPERATIONAL_KEYS.ImmediateData?.default;
  return initialR2T === 'Yes' && immediateData === 'No';
}
