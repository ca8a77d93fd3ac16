/**
 * What every command handler of the emulator's logical units (the changer's SmcDevice, the
 * drives' SscDevice) shares: the context it runs in, the table entry describing it (QEMU
 * scsi-disk.c style: opcode → handler plus the facts the dispatcher needs), and the ways a
 * handler ends a command other than GOOD.
 */
import type { FixedSenseData, Nexus, ScsiRequest } from '../scsi/index.ts';
import type { DeviceSession } from './deviceSession.ts';
import type { Library } from './library.ts';
import type { Profile } from './profile.ts';
import type { OperandFields } from './senseForCondition.ts';

/** What any logical unit of the library hands its handlers. */
export interface UnitContext {
  readonly nexus: Nexus;
  readonly cdb: Uint8Array;
  /** Parameter data from the initiator (empty when none was sent). */
  readonly dataOut: Uint8Array;
  readonly library: Library;
  /** Where data for the initiator goes: the transport's buffer when it lends one (ScsiRequest.dataInBuffer), else a new one. */
  readonly dataInBuffer: (length: number) => Uint8Array;
}

/** Takes bytes the device lends as its answer; `release` is called once they have been sent. */
export type DataInBorrower = (data: Uint8Array, release: () => void) => Uint8Array;

/** The request's borrower of the device's bytes (ScsiRequest.borrowDataIn), if it has one. */
export function dataInBorrower(request: ScsiRequest): DataInBorrower | undefined {
  return request.borrowDataIn === undefined ? undefined : (data, release) => (request.borrowDataIn as DataInBorrower).call(request, data, release);
}

const allocate = (length: number): Uint8Array => Buffer.allocUnsafe(length);

/** The request's lender of data-in buffers (ScsiRequest.dataInBuffer), or plain allocation. */
export function dataInLender(request: ScsiRequest): (length: number) => Uint8Array {
  return request.dataInBuffer === undefined ? allocate : (length) => (request.dataInBuffer as (n: number) => Uint8Array).call(request, length);
}

/** The changer's handlers also get its SCSI session (reservations, mode settings). */
export interface CommandContext extends UnitContext {
  readonly session: DeviceSession;
}

/**
 * How PERSISTENT RESERVE treats a command from an initiator that does not hold the reservation
 * (SPC-3 5.6.1 and its SMC counterpart): 'always' never conflicts, 'read' conflicts only under
 * the Exclusive Access types, 'write' conflicts under every type.
 */
export type ReservationAccess = 'always' | 'read' | 'write';

export interface CommandSpec<C = CommandContext> {
  readonly opcode: number;
  /** For opcodes that dispatch on a service action (MAINTENANCE IN). */
  readonly serviceAction?: number;
  readonly name: string;
  readonly cdbLength: number;
  /** The src/scsi parser of this CDB: throws ScsiFormatError for a malformed one. */
  readonly parse: (cdb: Uint8Array) => unknown;
  /** Nominal duration in seconds on this library (REPORT SUPPORTED OPERATION CODES timeouts). */
  readonly nominalSeconds?: (profile: Profile) => number;
  readonly access: ReservationAccess | ((cdb: Uint8Array) => ReservationAccess);
  /** Allowed to other initiators under an SPC-2 RESERVE (INQUIRY, REQUEST SENSE, REPORT LUNS, RELEASE …). */
  readonly allowedUnderReserve?: boolean | ((cdb: Uint8Array) => boolean);
  /** SAM: INQUIRY, REPORT LUNS and REQUEST SENSE neither report nor clear a unit attention. */
  readonly ignoresUnitAttention?: boolean;
  /** Refused with 02/04/01 during power-on and inventory. */
  readonly needsReady?: boolean;
  /** Where the operands of a mechanical command sit in its CDB (sense field pointers of refusals). */
  readonly operandFields?: OperandFields;
  /** Whether this library model implements the command at all (20/00 otherwise). */
  readonly available?: (profile: Profile) => boolean;
  /**
   * CDB bytes whose usable bits depend on the library model (an action field whose codes the
   * profile only partly implements): byte → the bits REPORT SUPPORTED OPERATION CODES reports.
   */
  readonly usage?: (profile: Profile) => Readonly<Record<number, number>>;
  /** Full response data, already cut to the CDB's allocation length; nothing for no data. */
  readonly run: (context: C) => Promise<Uint8Array | void> | Uint8Array | void;
}

/**
 * Ends the command with CHECK CONDITION and this sense; `dataIn` is data transferred before the
 * condition (a tape READ of a record longer or shorter than asked returns the record with ILI).
 */
export class CheckCondition extends Error {
  override readonly name = 'CheckCondition';
  readonly sense: FixedSenseData;
  readonly dataIn: Uint8Array | undefined;

  constructor(sense: FixedSenseData, options: { dataIn?: Uint8Array; message?: string } = {}) {
    super(options.message ?? `CHECK CONDITION ${sense.senseKey.toString(16)}/${sense.asc.toString(16)}/${sense.ascq.toString(16)}`);
    this.sense = sense;
    this.dataIn = options.dataIn;
  }
}

/** Ends the command with RESERVATION CONFLICT status (no sense). */
export class ReservationConflict extends Error {
  override readonly name = 'ReservationConflict';
}

/** Response data cut to what the initiator allowed (SPC: never more than the allocation length). */
export function truncate(data: Uint8Array, allocationLength: number): Uint8Array {
  return data.length <= allocationLength ? data : data.subarray(0, allocationLength);
}
