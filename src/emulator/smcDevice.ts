/**
 * The virtual library as a SCSI logical unit: an SMC-3 medium changer answering CDBs for any
 * number of initiators. Built like QEMU's scsi-disk.c — a table of opcode → handler (commands/),
 * named sense conditions — with the checks every command passes through kept here, in SAM order:
 * logical unit, operation code, reservation conflict, unit attention, readiness, then the handler.
 * execute() never throws: whatever goes wrong becomes a status (and sense).
 */
import {
  MaintenanceInServiceAction,
  Opcode,
  SENSE,
  ScsiFormatError,
  ScsiStatus,
  buildSenseData,
  senseFor,
  senseForFormatError,
  serviceActionOf,
  toDescriptorFormat,
  type FixedSenseData,
  type Nexus,
  type AnsweringScsiDevice,
  type ScsiRequest,
  type ScsiResult,
  type TaskManagementFunction,
} from '../scsi/index.ts';
import { CheckCondition, ReservationConflict, type CommandContext, type CommandSpec } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { LibraryRefusal } from './conditions.ts';
import { DeviceSession } from './deviceSession.ts';
import type { Library } from './library.ts';
import { becomingReady, invalidField, senseForAttention, senseForRefusal } from './senseForCondition.ts';
import { wrongLunResponse } from './commands/wrongLun.ts';
import { reportSupportedOperationCodes } from './commands/reportSupportedOperationCodes.ts';

/** The LUN a changer answers on unless its target maps it elsewhere (atLun). */
export const CHANGER_LUN = 0;

const EMPTY = new Uint8Array(0);

/** The command table's key: the opcode, or opcode and service action for the opcodes that have one (a number, not a string built per command). */
function commandKey(opcode: number, serviceAction?: number): number {
  return serviceAction === undefined ? opcode : 0x10000 | (opcode << 8) | (serviceAction & 0xff);
}

/** Opcodes whose commands are told apart by a service action in byte 1. */
const SERVICE_ACTION_OPCODES: ReadonlySet<number> = new Set([Opcode.MAINTENANCE_IN]);

export class SmcDevice implements AnsweringScsiDevice {
  readonly library: Library;
  /** The LUN this device answers on; any other LUN hears "logical unit not supported". */
  readonly lun: number;
  readonly session: DeviceSession;
  readonly #commands = new Map<number, CommandSpec>();
  /** Bugs turned into 04/44/00 instead of exceptions; a test can assert there were none. */
  readonly internalErrors: unknown[];

  /** `sameUnitAs`: another device of this library whose reservations and mode settings this one shares (see atLun). */
  constructor(library: Library, lun: number = CHANGER_LUN, sameUnitAs?: SmcDevice) {
    this.library = library;
    this.lun = lun;
    this.session = sameUnitAs?.session ?? new DeviceSession(library);
    this.internalErrors = sameUnitAs?.internalErrors ?? [];
    for (const spec of COMMANDS) {
      if (spec.available === undefined || spec.available(library.profile)) this.#commands.set(commandKey(spec.opcode, spec.serviceAction), spec);
    }
    const rsoc = reportSupportedOperationCodes(() => this.supportedCommands);
    this.#commands.set(commandKey(rsoc.opcode, rsoc.serviceAction), rsoc);
  }

  /**
   * The same logical unit answering on another LUN, for a target that maps the changer at LUN n:
   * one library, one set of reservations and unit attentions, whichever LUN the host uses.
   */
  atLun(lun: number): SmcDevice {
    return lun === this.lun ? this : new SmcDevice(this.library, lun, this);
  }

  /** The commands this library model implements (REPORT SUPPORTED OPERATION CODES lists them). */
  get supportedCommands(): readonly CommandSpec[] {
    return [...this.#commands.values()].sort((a, b) => a.opcode - b.opcode || (a.serviceAction ?? 0) - (b.serviceAction ?? 0));
  }

  execute(nexus: Nexus, request: ScsiRequest): Promise<ScsiResult> {
    const answer = this.answer(nexus, request);
    return answer instanceof Promise ? answer : Promise.resolve(answer);
  }

  /**
   * The checks and a handler that finishes at once (TEST UNIT READY, READ ELEMENT STATUS …) answer
   * synchronously; only a handler that waits (a move) gives a promise, chained once.
   */
  answer(nexus: Nexus, request: ScsiRequest): ScsiResult | Promise<ScsiResult> {
    const dataInLength = request.dataInLength;
    try {
      const outcome = this.#execute(nexus, request);
      if (!(outcome instanceof Promise)) return clip(outcome, dataInLength);
      return outcome.then(
        (result) => clip(result, dataInLength),
        (error: unknown) => this.#internalError(error, dataInLength),
      );
    } catch (error) {
      return this.#internalError(error, dataInLength);
    }
  }

  /** A bug in a handler: 04/44/00 for the initiator, the error kept for tests. */
  #internalError(error: unknown, dataInLength: number | undefined): ScsiResult {
    this.internalErrors.push(error);
    return clip(this.#checkCondition(senseFor(SENSE.INTERNAL_TARGET_FAILURE)), dataInLength);
  }

  async taskManagement(_nexus: Nexus, fn: TaskManagementFunction): Promise<void> {
    switch (fn) {
      case 'lun-reset':
      case 'target-warm-reset':
        this.session.logicalUnitReset();
        this.library.attentions.resetAll('device-reset');
        break;
      case 'target-cold-reset':
        this.session.powerOn();
        this.library.clearPrevent();
        this.library.attentions.powerOn();
        break;
      default:
        // Commands here finish or fail on their own; a robot mid-move cannot be called back.
        break;
    }
  }

  nexusLost(nexus: Nexus): void {
    this.session.nexusLost(nexus.initiator);
    this.library.attentions.nexusLost(nexus.initiator);
  }

  #lookup(cdb: Uint8Array): CommandSpec | undefined {
    const opcode = cdb[0] as number;
    if (SERVICE_ACTION_OPCODES.has(opcode)) return this.#commands.get(commandKey(opcode, serviceActionOf(cdb)));
    return this.#commands.get(commandKey(opcode));
  }

  #execute(nexus: Nexus, request: ScsiRequest): ScsiResult | Promise<ScsiResult> {
    const cdb = request.cdb;
    if (cdb.length === 0) return this.#checkCondition(senseFor(SENSE.INVALID_COMMAND_OPERATION_CODE));
    const spec = this.#lookup(cdb);
    // REPORT LUNS is answered on any LUN (SAM); everything else needs the changer's own.
    if (nexus.lun !== this.lun && cdb[0] !== Opcode.REPORT_LUNS) return wrongLunResponse(cdb, this.library);
    if (spec === undefined) return this.#checkCondition(this.#unsupported(cdb));

    const initiator = nexus.initiator;
    const access = typeof spec.access === 'function' ? spec.access(cdb) : spec.access;
    const allowed = typeof spec.allowedUnderReserve === 'function' ? spec.allowedUnderReserve(cdb) : (spec.allowedUnderReserve ?? false);
    if (this.session.conflicts(initiator, access, allowed)) return { status: ScsiStatus.RESERVATION_CONFLICT, dataIn: EMPTY };
    if (spec.ignoresUnitAttention !== true) {
      const attention = this.library.attentions.take(initiator);
      if (attention !== undefined) return this.#checkCondition(senseForAttention(attention));
    }
    if (spec.needsReady === true && this.library.notReady !== null) return this.#checkCondition(becomingReady(this.library.progress));

    const context: CommandContext = { nexus, cdb, dataOut: request.dataOut ?? EMPTY, library: this.library, session: this.session };
    let data: ReturnType<CommandSpec['run']>;
    try {
      data = spec.run(context);
    } catch (error) {
      return this.#failure(error, spec, initiator);
    }
    if (data instanceof Promise) {
      return data.then(
        (late) => good(late),
        (error: unknown) => this.#failure(error, spec, initiator),
      );
    }
    return good(data);
  }

  /** 20/00 for an opcode this library lacks; a known opcode with an unknown service action is 24/00 at byte 1. */
  #unsupported(cdb: Uint8Array): FixedSenseData {
    const opcode = cdb[0] as number;
    if (SERVICE_ACTION_OPCODES.has(opcode) && opcode === Opcode.MAINTENANCE_IN && serviceActionOf(cdb) !== MaintenanceInServiceAction.REPORT_SUPPORTED_OPERATION_CODES) {
      return invalidField(true, 1, 4);
    }
    return senseFor(SENSE.INVALID_COMMAND_OPERATION_CODE, { senseKeySpecific: { kind: 'field-pointer', commandData: true, fieldPointer: 0 } });
  }

  #failure(error: unknown, spec: CommandSpec, initiator: string): ScsiResult {
    if (error instanceof CheckCondition) return this.#checkCondition(error.sense);
    if (error instanceof ReservationConflict) return { status: ScsiStatus.RESERVATION_CONFLICT, dataIn: EMPTY };
    if (error instanceof ScsiFormatError) return this.#checkCondition(senseForFormatError(error));
    if (error instanceof LibraryRefusal) {
      if (error.condition === 'robot-busy') return { status: ScsiStatus.BUSY, dataIn: EMPTY };
      if (error.condition === 'becoming-ready') return this.#checkCondition(becomingReady(this.library.progress));
      // The command itself reports the power-on; the queued 29/00 of this initiator is then spent.
      if (error.condition === 'power-interrupted' && this.library.attentions.peek(initiator) === 'power-on') this.library.attentions.take(initiator);
      return this.#checkCondition(senseForRefusal(error, spec.operandFields));
    }
    throw error;
  }

  #checkCondition(sense: FixedSenseData): ScsiResult {
    const bytes = buildSenseData(this.session.descriptorSense ? toDescriptorFormat(sense) : sense);
    return { status: ScsiStatus.CHECK_CONDITION, dataIn: EMPTY, sense: bytes };
  }
}

function good(data: Uint8Array | void): ScsiResult {
  return { status: ScsiStatus.GOOD, dataIn: data ?? EMPTY };
}

/** Never more than the initiator's buffer; residual = what it allowed minus what it got. */
function clip(result: ScsiResult, dataInLength: number | undefined): ScsiResult {
  if (dataInLength === undefined) return result;
  const dataIn = result.dataIn.length > dataInLength ? result.dataIn.subarray(0, dataInLength) : result.dataIn;
  const residual = dataInLength - dataIn.length;
  // Built field by field (a spread costs more than the rest of a TEST UNIT READY here).
  return result.sense === undefined ? { status: result.status, dataIn, residual } : { status: result.status, dataIn, sense: result.sense, residual };
}
