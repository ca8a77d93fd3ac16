/**
 * The virtual library as a SCSI logical unit: an SMC-3 medium changer answering CDBs for any
 * number of initiators. Built like QEMU's scsi-disk.c — a table of opcode → handler (commands/),
 * named sense conditions — with the SAM-order checks every command passes through in
 * LogicalUnit, which the drives' SscDevice shares. execute() never throws.
 */
import {
  MaintenanceInServiceAction,
  Opcode,
  SENSE,
  senseFor,
  serviceActionOf,
  type FixedSenseData,
  type Nexus,
  type ScsiRequest,
  type TaskManagementFunction,
} from '../scsi/index.ts';
import { dataInLender, type CommandContext, type CommandSpec, type ReservationAccess } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { DeviceSession } from './deviceSession.ts';
import type { Library } from './library.ts';
import { LogicalUnit } from './logicalUnit.ts';
import { CHANGER_LUN } from './lunLayout.ts';
import { becomingReady, invalidField } from './senseForCondition.ts';
import type { UnitAttentions } from './unitAttentions.ts';
import { reportSupportedOperationCodes } from './commands/reportSupportedOperationCodes.ts';

export { CHANGER_LUN } from './lunLayout.ts';

/** The command table's key: the opcode, or opcode and service action for the opcodes that have one (a number, not a string built per command). */
function commandKey(opcode: number, serviceAction?: number): number {
  return serviceAction === undefined ? opcode : 0x10000 | (opcode << 8) | (serviceAction & 0xff);
}

/** Opcodes whose commands are told apart by a service action in byte 1. */
const SERVICE_ACTION_OPCODES: ReadonlySet<number> = new Set([Opcode.MAINTENANCE_IN]);

export class SmcDevice extends LogicalUnit<CommandContext> {
  readonly session: DeviceSession;
  readonly #commands = new Map<number, CommandSpec>();

  /** `sameUnitAs`: another device of this library whose reservations and mode settings this one shares (see atLun). */
  constructor(library: Library, lun: number = CHANGER_LUN, sameUnitAs?: SmcDevice) {
    super(library, lun, sameUnitAs?.internalErrors);
    this.session = sameUnitAs?.session ?? new DeviceSession(library);
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

  protected get attentions(): UnitAttentions {
    return this.library.attentions;
  }

  protected get descriptorSense(): boolean {
    return this.session.descriptorSense;
  }

  protected lookup(cdb: Uint8Array): CommandSpec | undefined {
    const opcode = cdb[0] as number;
    if (SERVICE_ACTION_OPCODES.has(opcode)) return this.#commands.get(commandKey(opcode, serviceActionOf(cdb)));
    return this.#commands.get(commandKey(opcode));
  }

  /** 20/00 for an opcode this library lacks; a known opcode with an unknown service action is 24/00 at byte 1. */
  protected unsupported(cdb: Uint8Array): FixedSenseData {
    const opcode = cdb[0] as number;
    if (SERVICE_ACTION_OPCODES.has(opcode) && opcode === Opcode.MAINTENANCE_IN && serviceActionOf(cdb) !== MaintenanceInServiceAction.REPORT_SUPPORTED_OPERATION_CODES) {
      return invalidField(true, 1, 4);
    }
    return senseFor(SENSE.INVALID_COMMAND_OPERATION_CODE, { senseKeySpecific: { kind: 'field-pointer', commandData: true, fieldPointer: 0 } });
  }

  protected conflicts(initiator: string, access: ReservationAccess, allowedUnderReserve: boolean): boolean {
    return this.session.conflicts(initiator, access, allowedUnderReserve);
  }

  protected notReady(): FixedSenseData | undefined {
    return this.library.notReady === null ? undefined : becomingReady(this.library.progress);
  }

  protected context(nexus: Nexus, request: ScsiRequest, dataOut: Uint8Array): CommandContext {
    return { nexus, cdb: request.cdb, dataOut, library: this.library, session: this.session, dataInBuffer: dataInLender(request) };
  }
}
