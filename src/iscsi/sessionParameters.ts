import { OPERATIONAL_KEYS } from './text/keys.ts';
import { parseBoolean, parseNumber } from './text/values.ts';

/**
 * The operational parameters a login settled, as typed values. Both data segment limits are
 * kept: MaxRecvDataSegmentLength is declared by each side for what it receives.
 */
export interface SessionParameters {
  readonly headerDigest: boolean;
  readonly dataDigest: boolean;
  readonly maxConnections: number;
  readonly initialR2T: boolean;
  readonly immediateData: boolean;
  readonly maxBurstLength: number;
  readonly firstBurstLength: number;
  readonly defaultTime2Wait: number;
  readonly defaultTime2Retain: number;
  readonly maxOutstandingR2T: number;
  readonly dataPDUInOrder: boolean;
  readonly dataSequenceInOrder: boolean;
  readonly errorRecoveryLevel: number;
  /** Largest data segment the initiator accepts: the target's limit when sending. */
  readonly initiatorMaxRecvDataSegmentLength: number;
  /** Largest data segment the target accepts: the initiator's limit when sending. */
  readonly targetMaxRecvDataSegmentLength: number;
}

function text(results: ReadonlyMap<string, string>, key: string): string {
  return results.get(key) ?? (OPERATIONAL_KEYS[key]?.default as string);
}

function num(results: ReadonlyMap<string, string>, key: string): number {
  return parseNumber(text(results, key)) ?? (parseNumber(OPERATIONAL_KEYS[key]?.default as string) as number);
}

function bool(results: ReadonlyMap<string, string>, key: string): boolean {
  return parseBoolean(text(results, key)) ?? (OPERATIONAL_KEYS[key]?.default === 'Yes');
}

/**
 * Typed parameters from the agreed values. `initiatorDeclared`/`targetDeclared` hold each side's
 * declarations (MaxRecvDataSegmentLength is the only one that matters here).
 */
export function sessionParameters(results: ReadonlyMap<string, string>, initiatorDeclared: ReadonlyMap<string, string>, targetDeclared: ReadonlyMap<string, string>): SessionParameters {
  const maxBurstLength = num(results, 'MaxBurstLength');
  return {
    headerDigest: text(results, 'HeaderDigest') === 'CRC32C',
    dataDigest: text(results, 'DataDigest') === 'CRC32C',
    maxConnections: num(results, 'MaxConnections'),
    initialR2T: bool(results, 'InitialR2T'),
    immediateData: bool(results, 'ImmediateData'),
    maxBurstLength,
    // RFC 7143 §13.14: FirstBurstLength never exceeds MaxBurstLength.
    firstBurstLength: Math.min(num(results, 'FirstBurstLength'), maxBurstLength),
    defaultTime2Wait: num(results, 'DefaultTime2Wait'),
    defaultTime2Retain: num(results, 'DefaultTime2Retain'),
    maxOutstandingR2T: num(results, 'MaxOutstandingR2T'),
    dataPDUInOrder: bool(results, 'DataPDUInOrder'),
    dataSequenceInOrder: bool(results, 'DataSequenceInOrder'),
    errorRecoveryLevel: num(results, 'ErrorRecoveryLevel'),
    initiatorMaxRecvDataSegmentLength: num(initiatorDeclared, 'MaxRecvDataSegmentLength'),
    targetMaxRecvDataSegmentLength: num(targetDeclared, 'MaxRecvDataSegmentLength'),
  };
}
