/**
 * One tape drive of the library as its own host sees it: whether a tape is threaded, where on
 * the tape the head is, which initiators owe a unit attention and which prevent removal. The
 * cartridge and its contents belong to the library state (the robot and the drive share them);
 * the position is the drive's and starts at the beginning whenever a cartridge is threaded.
 */
import { SENSE, SenseKey, senseFor, type FixedSenseData } from '../../scsi/index.ts';
import { CheckCondition } from '../command.ts';
import type { Cartridge } from '../cartridge.ts';
import { isDriveLoading } from '../driveMechanics.ts';
import type { DriveIdentity, ElementInfo } from '../elementMap.ts';
import type { Library } from '../library.ts';
import type { ElementRuntime } from '../libraryState.ts';
import { becomingReady } from '../senseForCondition.ts';
import type { TapeAlertFlags } from '../tapeAlert.ts';
import { UnitAttentions } from '../unitAttentions.ts';
import { DriveSettings } from './driveSettings.ts';
import type { CartridgeTape } from '../tape/cartridgeTape.ts';
import type { TapePartition } from '../tape/tapePartition.ts';
import type { DriveTraffic, TapeUsage } from '../tape/tapeUsage.ts';

type Traffic = { -readonly [K in keyof DriveTraffic]: number };

function noTraffic(): Traffic {
  return { hostBytesWritten: 0, mediumBytesWritten: 0, hostBytesRead: 0, mediumBytesRead: 0 };
}

/** What TEST UNIT READY reports: a threaded tape, nothing, a tape threading, or a cleaner. */
export type DriveReadiness = 'ready' | 'no-medium' | 'becoming-ready' | 'cleaning';

export class DriveUnit {
  readonly library: Library;
  readonly element: ElementInfo;
  readonly identity: DriveIdentity;
  readonly attentions = new UnitAttentions();
  /** What the host set with MODE SELECT (block size, compression…), kept until power-off. */
  readonly settings = new DriveSettings();
  /** Initiators holding PREVENT MEDIUM REMOVAL on this drive (SPC: one state per I_T nexus). */
  readonly #preventing = new Set<string>();
  /** The cartridge the position is on; another cartridge in the drive starts at the beginning. */
  #positionedOn: Cartridge | null = null;
  #partition = 0;
  #position = 0;
  #traffic = noTraffic();

  constructor(library: Library, element: ElementInfo) {
    if (element.drive === null) throw new RangeError(`element ${element.address} is not a drive`);
    this.library = library;
    this.element = element;
    this.identity = element.drive;
    library.onDriveLoad((address) => {
      if (address !== element.address) return;
      this.#positionedOn = this.runtime.cartridge;
      this.#partition = 0;
      this.#position = 0;
      this.#traffic = noTraffic();
      // Every initiator, the one whose LOAD threaded it too (ssc.md §2.2): st starts a new session
      // on it (file 0, block 0); PBS and LTFS take it as the load's success.
      this.attentions.broadcast('not-ready-to-ready');
    });
    library.onPowerOn(() => {
      this.attentions.powerOn();
      this.#preventing.clear();
      this.#partition = 0;
      this.#position = 0;
      this.settings.reset();
    });
  }

  get address(): number {
    return this.element.address;
  }

  get runtime(): ElementRuntime {
    return this.library.state.element(this.element.address);
  }

  get tapeAlert(): TapeAlertFlags {
    return this.library.driveTapeAlert(this.element.address);
  }

  readiness(): DriveReadiness {
    const runtime = this.runtime;
    if (runtime.cartridge === null) return 'no-medium';
    // A cleaner is 'cleaning' while the drive runs it; ejected, it waits for the robot at the drive's mouth.
    if (runtime.cartridge.kind === 'cleaning') return runtime.loaded ? 'cleaning' : 'no-medium';
    if (isDriveLoading(this.library, this.element.address) || this.library.notReady === 'booting') return 'becoming-ready';
    return runtime.loaded ? 'ready' : 'no-medium';
  }

  /** The NOT READY sense for the drive's state; undefined when a tape is threaded. */
  notReadySense(): FixedSenseData | undefined {
    switch (this.readiness()) {
      case 'ready':
        return undefined;
      case 'no-medium':
        return senseFor(SENSE.MEDIUM_NOT_PRESENT);
      case 'cleaning':
        return senseFor(SENSE.CLEANING_CARTRIDGE_INSTALLED);
      case 'becoming-ready':
        return becomingReady(undefined);
    }
  }

  /** The threaded cartridge (callers have checked readiness). */
  get cartridge(): Cartridge {
    const cartridge = this.runtime.cartridge;
    if (cartridge === null) throw new RangeError(`drive ${this.element.index} holds no cartridge`);
    return cartridge;
  }

  /** The threaded cartridge's tape (callers have checked readiness). */
  get tape(): CartridgeTape {
    try {
      return this.library.tapes.tapeOf(this.cartridge);
    } catch (error) {
      // A tape file that cannot even be opened is a cartridge whose format cannot be read: MEDIUM ERROR 31/00.
      throw new CheckCondition(senseFor({ senseKey: SenseKey.MEDIUM_ERROR, asc: 0x31, ascq: 0x00 }), { message: (error as Error).message });
    }
  }

  /** The partition the head is in. */
  get partitionNumber(): number {
    if (this.runtime.cartridge !== this.#positionedOn) return 0;
    return Math.min(this.#partition, this.tape.partitionCount - 1);
  }

  /** The partition the head is in, as the store has it. */
  get partition(): TapePartition {
    return this.tape.partition(this.partitionNumber);
  }

  /** Logical objects (records and filemarks) between the beginning of the partition and the head. */
  get position(): number {
    const cartridge = this.runtime.cartridge;
    if (cartridge === null || cartridge !== this.#positionedOn) return 0;
    return Math.min(this.#position, this.partition.objects);
  }

  set position(value: number) {
    this.moveTo(this.partitionNumber, value);
  }

  /** End of data in the head's partition lies past early warning (BLANK CHECK there carries EOM). */
  get endOfDataPastEarlyWarning(): boolean {
    return this.warningsAt(this.partition.usedBytes()).pastEarlyWarning;
  }

  /** Whether `used` bytes of the head's partition lie past early warning and past programmable early warning (ssc.md §3.3). */
  warningsAt(used: number): { readonly pastEarlyWarning: boolean; readonly pastProgrammableEarlyWarning: boolean } {
    const number = this.partitionNumber;
    const pew = this.tape.programmableEarlyWarningBytes(number, this.settings.programmableEarlyWarningMB);
    return { pastEarlyWarning: used >= this.tape.earlyWarningBytes(number), pastProgrammableEarlyWarning: pew !== undefined && used >= pew };
  }

  /** The head to object `position` of partition `partition` (LOCATE with CP, FORMAT MEDIUM, REWIND). */
  moveTo(partition: number, position: number): void {
    this.#positionedOn = this.runtime.cartridge;
    this.#partition = partition;
    this.#position = position;
  }

  /** Room on the threaded tape, for the log pages and MAM; undefined when no tape is threaded. */
  tapeUsage(): TapeUsage | undefined {
    if (this.readiness() !== 'ready') return undefined;
    return this.tape.usage(this.settings.programmableEarlyWarningMB);
  }

  /** What the drive moved since the tape was loaded (log pages 0Ch/17h). */
  get traffic(): DriveTraffic {
    return this.#traffic;
  }

  /** The data path counts what it moved (host bytes, and bytes on the medium after compression). */
  countTraffic(direction: 'write' | 'read', hostBytes: number, mediumBytes: number): void {
    const t = this.#traffic;
    if (direction === 'write') {
      t.hostBytesWritten += hostBytes;
      t.mediumBytesWritten += mediumBytes;
    } else {
      t.hostBytesRead += hostBytes;
      t.mediumBytesRead += mediumBytes;
    }
  }

  /**
   * The data-rate limit's account (driveMotion.ts): adds `ms` of transfer time to what the drive
   * owes the clock, less the time that passed since; returns what is owed now.
   */
  owe(ms: number): number {
    const now = this.library.clock.now();
    this.#owedMs = Math.max(0, this.#owedMs - (now - this.#owedSince)) + ms;
    this.#owedSince = now;
    return this.#owedMs;
  }

  #owedMs = 0;
  #owedSince = 0;

  setPrevent(initiator: string, prevent: boolean): void {
    if (prevent) this.#preventing.add(initiator);
    else this.#preventing.delete(initiator);
  }

  get removalPrevented(): boolean {
    return this.#preventing.size > 0;
  }

  /** LOGICAL UNIT RESET / target reset: prevent state cleared, every initiator hears 29/03. */
  reset(cold: boolean): void {
    this.#preventing.clear();
    if (cold) this.attentions.powerOn();
    else this.attentions.resetAll('device-reset');
  }

  nexusLost(initiator: string): void {
    this.#preventing.delete(initiator);
    this.attentions.nexusLost(initiator);
  }
}
