/**
 * A tape drive of the virtual library as a SCSI logical unit: an SSC-3 sequential-access device
 * (the subset labelling, inventory and cleaning software use) answering on LUN 1 + its drive
 * index. It shares the changer's SAM-order checks (LogicalUnit); it has no reservations, and
 * reports sense in fixed format. Its cartridge is the one the robot put in the drive element.
 */
import { SENSE, senseFor, type FixedSenseData, type Nexus, type ScsiRequest, type TaskManagementFunction } from '../../scsi/index.ts';
import { recordLoad } from '../cartridgeMemory.ts';
import { dataInBorrower, dataInLender } from '../command.ts';
import type { ElementInfo } from '../elementMap.ts';
import type { Library } from '../library.ts';
import { LogicalUnit } from '../logicalUnit.ts';
import { driveLun } from '../lunLayout.ts';
import type { UnitAttentions } from '../unitAttentions.ts';
import { DRIVE_COMMANDS } from './commands/index.ts';
import type { DriveContext, DriveCommandSpec } from './driveCommand.ts';
import { DriveUnit } from './driveUnit.ts';

function countLoad(library: Library, address: number, drive: ElementInfo): void {
  const cartridge = library.state.element(address).cartridge;
  if (address === drive.address && cartridge !== null && drive.drive !== null) recordLoad(cartridge.mam, drive.drive.vendor, drive.drive.serial);
}

const TABLE: ReadonlyMap<number, DriveCommandSpec> = new Map(DRIVE_COMMANDS.map((spec) => [spec.opcode, spec]));

export class SscDevice extends LogicalUnit<DriveContext> {
  readonly drive: DriveUnit;

  /** `sameDrive`: the drive this device is another LUN mapping of (see atLun). */
  constructor(library: Library, element: ElementInfo, lun: number = driveLun(element.index), sameDrive?: SscDevice) {
    super(library, lun, sameDrive?.internalErrors);
    this.drive = sameDrive?.drive ?? new DriveUnit(library, element);
    // The cartridge memory counts threadings and remembers the drive (MAM 0003h, 020Ah); once per drive, not per LUN mapping.
    if (sameDrive === undefined) library.onDriveLoad((address) => countLoad(library, address, element));
  }

  /** The same drive answering on another LUN, for a target that maps it elsewhere. */
  atLun(lun: number): SscDevice {
    return lun === this.lun ? this : new SscDevice(this.library, this.drive.element, lun, this);
  }

  /** Zero-based drive index (element-address order). */
  get driveIndex(): number {
    return this.drive.element.index;
  }

  async taskManagement(_nexus: Nexus, fn: TaskManagementFunction): Promise<void> {
    if (fn === 'lun-reset' || fn === 'target-warm-reset') this.drive.reset(false);
    else if (fn === 'target-cold-reset') this.drive.reset(true);
  }

  nexusLost(nexus: Nexus): void {
    this.drive.nexusLost(nexus.initiator);
  }

  protected get attentions(): UnitAttentions {
    return this.drive.attentions;
  }

  protected get descriptorSense(): boolean {
    return false;
  }

  protected lookup(cdb: Uint8Array): DriveCommandSpec | undefined {
    const spec = TABLE.get(cdb[0] as number);
    // MAINTENANCE IN: only the service action the drive has (REPORT SUPPORTED OPERATION CODES).
    if (spec?.serviceAction !== undefined && ((cdb[1] ?? 0) & 0x1f) !== spec.serviceAction) return undefined;
    return spec;
  }

  protected unsupported(): FixedSenseData {
    return senseFor(SENSE.INVALID_COMMAND_OPERATION_CODE, { senseKeySpecific: { kind: 'field-pointer', commandData: true, fieldPointer: 0 } });
  }

  protected conflicts(): boolean {
    return false;
  }

  protected notReady(): FixedSenseData | undefined {
    return this.drive.notReadySense();
  }

  protected context(nexus: Nexus, request: ScsiRequest, dataOut: Uint8Array): DriveContext {
    return { nexus, cdb: request.cdb, dataOut, library: this.library, drive: this.drive, dataInBuffer: dataInLender(request), borrowDataIn: dataInBorrower(request) };
  }
}
