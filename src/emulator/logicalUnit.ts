/**
 * What every logical unit of the virtual library (the changer, each tape drive) does with a CDB
 * before and after its handler, in SAM order: logical unit, operation code, reservation conflict,
 * unit attention, readiness, then the handler from the unit's table. execute() never throws:
 * whatever goes wrong becomes a status (and sense). Subclasses say which commands they have,
 * which initiators conflict, what pending attention and readiness mean for them.
 */
import {
  Opcode,
  SENSE,
  ScsiFormatError,
  ScsiStatus,
  buildSenseData,
  senseFor,
  senseForFormatError,
  toDescriptorFormat,
  type AnsweringScsiDevice,
  type FixedSenseData,
  type Nexus,
  type ScsiRequest,
  type ScsiResult,
} from '../scsi/index.ts';
import { CheckCondition, ReservationConflict, type CommandSpec, type ReservationAccess } from './command.ts';
import { LibraryRefusal } from './conditions.ts';
import type { Library } from './library.ts';
import { becomingReady, senseForAttention, senseForRefusal } from './senseForCondition.ts';
import type { UnitAttentions } from './unitAttentions.ts';
import { wrongLunResponse } from './commands/wrongLun.ts';

const EMPTY = new Uint8Array(0);

export abstract class LogicalUnit<C> implements AnsweringScsiDevice {
  readonly library: Library;
  /** The LUN this unit answers on; any other LUN hears "logical unit not supported". */
  readonly lun: number;
  /** Bugs turned into 04/44/00 instead of exceptions; a test can assert there were none. */
  readonly internalErrors: unknown[];

  constructor(library: Library, lun: number, internalErrors: unknown[] = []) {
    this.library = library;
    this.lun = lun;
    this.internalErrors = internalErrors;
  }

  /** The unit attentions this unit reports, per initiator. */
  protected abstract get attentions(): UnitAttentions;
  /** Report sense in descriptor format (control page D_SENSE). */
  protected abstract get descriptorSense(): boolean;
  /** The table entry for this CDB, if the unit implements it. */
  protected abstract lookup(cdb: Uint8Array): CommandSpec<C> | undefined;
  /** Sense for a CDB the unit has no entry for. */
  protected abstract unsupported(cdb: Uint8Array): FixedSenseData;
  /** RESERVATION CONFLICT for this initiator and command? */
  protected abstract conflicts(initiator: string, access: ReservationAccess, allowedUnderReserve: boolean): boolean;
  /** The NOT READY sense a command needing readiness gets now, or undefined when ready. */
  protected abstract notReady(spec: CommandSpec<C>): FixedSenseData | undefined;
  /** The context the handler runs in. */
  protected abstract context(nexus: Nexus, request: ScsiRequest, dataOut: Uint8Array): C;

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
    return clip(this.checkCondition(senseFor(SENSE.INTERNAL_TARGET_FAILURE)), dataInLength);
  }

  #execute(nexus: Nexus, request: ScsiRequest): ScsiResult | Promise<ScsiResult> {
    const cdb = request.cdb;
    if (cdb.length === 0) return this.checkCondition(senseFor(SENSE.INVALID_COMMAND_OPERATION_CODE));
    const spec = this.lookup(cdb);
    // REPORT LUNS is answered on any LUN (SAM); everything else needs the unit's own.
    if (nexus.lun !== this.lun && cdb[0] !== Opcode.REPORT_LUNS) return wrongLunResponse(cdb, this.library);
    if (spec === undefined) return this.checkCondition(this.unsupported(cdb));

    const initiator = nexus.initiator;
    const access = typeof spec.access === 'function' ? spec.access(cdb) : spec.access;
    const allowed = typeof spec.allowedUnderReserve === 'function' ? spec.allowedUnderReserve(cdb) : (spec.allowedUnderReserve ?? false);
    if (this.conflicts(initiator, access, allowed)) return { status: ScsiStatus.RESERVATION_CONFLICT, dataIn: EMPTY };
    if (spec.ignoresUnitAttention !== true) {
      const attention = this.attentions.take(initiator);
      if (attention !== undefined) return this.checkCondition(senseForAttention(attention));
    }
    if (spec.needsReady === true) {
      const notReady = this.notReady(spec);
      if (notReady !== undefined) return this.checkCondition(notReady);
    }

    const context = this.context(nexus, request, request.dataOut ?? EMPTY);
    let data: ReturnType<CommandSpec<C>['run']>;
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

  #failure(error: unknown, spec: CommandSpec<C>, initiator: string): ScsiResult {
    if (error instanceof CheckCondition) return this.checkCondition(error.sense, error.dataIn);
    if (error instanceof ReservationConflict) return { status: ScsiStatus.RESERVATION_CONFLICT, dataIn: EMPTY };
    if (error instanceof ScsiFormatError) return this.checkCondition(senseForFormatError(error));
    if (error instanceof LibraryRefusal) {
      if (error.condition === 'robot-busy') return { status: ScsiStatus.BUSY, dataIn: EMPTY };
      if (error.condition === 'becoming-ready') return this.checkCondition(becomingReady(this.library.progress));
      // The command itself reports the power-on; the queued 29/00 of this initiator is then spent.
      if (error.condition === 'power-interrupted' && this.attentions.peek(initiator) === 'power-on') this.attentions.take(initiator);
      return this.checkCondition(senseForRefusal(error, spec.operandFields));
    }
    throw error;
  }

  protected checkCondition(sense: FixedSenseData, dataIn: Uint8Array = EMPTY): ScsiResult {
    const bytes = buildSenseData(this.descriptorSense ? toDescriptorFormat(sense) : sense);
    return { status: ScsiStatus.CHECK_CONDITION, dataIn, sense: bytes };
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
