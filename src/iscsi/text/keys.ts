/**
 * The text keys this stack knows (RFC 7143 §12–13): how each is settled and its default. A key
 * missing here is answered NotUnderstood.
 */

export type SessionType = 'Normal' | 'Discovery';

/** How the two offers combine into the result (RFC 7143 §6.2.1). */
export type KeyRule =
  /** Each side states its own value; nothing is answered. */
  | { readonly kind: 'declarative' }
  /** The responder picks the first offered value it supports. */
  | { readonly kind: 'list'; readonly values: readonly string[] }
  | { readonly kind: 'and' }
  | { readonly kind: 'or' }
  | { readonly kind: 'min'; readonly low: number; readonly high: number }
  | { readonly kind: 'max'; readonly low: number; readonly high: number };

export interface KeyDefinition {
  readonly rule: KeyRule;
  /** The value in force when nobody negotiates the key. */
  readonly default?: string;
  /** Meaningless in a Discovery session: answered Irrelevant there. */
  readonly normalSessionOnly?: boolean;
  /** Numeric range a declared number must respect. */
  readonly range?: { readonly low: number; readonly high: number };
}

const MAX_24 = 0xffffff;

export const OPERATIONAL_KEYS: Readonly<Record<string, KeyDefinition>> = {
  HeaderDigest: { rule: { kind: 'list', values: ['None', 'CRC32C'] }, default: 'None' },
  DataDigest: { rule: { kind: 'list', values: ['None', 'CRC32C'] }, default: 'None' },
  MaxConnections: { rule: { kind: 'min', low: 1, high: 65535 }, default: '1', normalSessionOnly: true },
  InitialR2T: { rule: { kind: 'or' }, default: 'Yes', normalSessionOnly: true },
  ImmediateData: { rule: { kind: 'and' }, default: 'Yes', normalSessionOnly: true },
  MaxRecvDataSegmentLength: { rule: { kind: 'declarative' }, default: '8192', range: { low: 512, high: MAX_24 } },
  MaxBurstLength: { rule: { kind: 'min', low: 512, high: MAX_24 }, default: '262144', normalSessionOnly: true },
  FirstBurstLength: { rule: { kind: 'min', low: 512, high: MAX_24 }, default: '65536', normalSessionOnly: true },
  DefaultTime2Wait: { rule: { kind: 'max', low: 0, high: 3600 }, default: '2' },
  DefaultTime2Retain: { rule: { kind: 'min', low: 0, high: 3600 }, default: '20' },
  MaxOutstandingR2T: { rule: { kind: 'min', low: 1, high: 65535 }, default: '1', normalSessionOnly: true },
  DataPDUInOrder: { rule: { kind: 'or' }, default: 'Yes', normalSessionOnly: true },
  DataSequenceInOrder: { rule: { kind: 'or' }, default: 'Yes', normalSessionOnly: true },
  ErrorRecoveryLevel: { rule: { kind: 'min', low: 0, high: 2 }, default: '0' },
  // RFC 3720 markers, removed by RFC 7143; older initiators still offer IFMarker=No/OFMarker=No.
  IFMarker: { rule: { kind: 'and' }, default: 'No' },
  OFMarker: { rule: { kind: 'and' }, default: 'No' },
};

/** Declarative keys about who is talking, valid in either login stage. */
export const IDENTITY_KEYS: Readonly<Record<string, KeyDefinition>> = {
  InitiatorName: { rule: { kind: 'declarative' } },
  InitiatorAlias: { rule: { kind: 'declarative' } },
  TargetName: { rule: { kind: 'declarative' } },
  TargetAlias: { rule: { kind: 'declarative' } },
  TargetAddress: { rule: { kind: 'declarative' } },
  TargetPortalGroupTag: { rule: { kind: 'declarative' }, range: { low: 0, high: 65535 } },
  SessionType: { rule: { kind: 'declarative' }, default: 'Normal' },
};

/** Security keys, handled by the authentication exchange (login/). */
export const SECURITY_KEYS: ReadonlySet<string> = new Set(['AuthMethod', 'CHAP_A', 'CHAP_I', 'CHAP_C', 'CHAP_N', 'CHAP_R']);

/** RFC 3720 marker intervals: only meaningful with markers on, which we never agree to. */
export const IRRELEVANT_KEYS: ReadonlySet<string> = new Set(['IFMarkInt', 'OFMarkInt']);
