/**
 * A library model as data: what a given make of changer looks like to a host (INQUIRY strings,
 * element address map, page 1Fh capabilities), what it can do (features) and how long its
 * mechanics take. The built-in ones live in profiles/*.json; validateProfile() turns any JSON
 * value into a Profile or says exactly which field is wrong.
 */

/** The four element kinds of SMC (smc.md §0), named as in DESIGN §5's vocabulary. */
export type ElementKind = 'transport' | 'slot' | 'ieport' | 'drive';

export const ELEMENT_KINDS: readonly ElementKind[] = ['transport', 'slot', 'ieport', 'drive'];

export interface ProfileInquiry {
  readonly vendor: string;
  readonly product: string;
  readonly revision: string;
  readonly serialNumber: string;
  /** 16 hex digits: the NAA designator of VPD page 83h (NAA 5 or 6 in the first nibble). */
  readonly naa: string;
  /** INQUIRY VERSION byte (smc.md §1.2: 02h … 06h seen in the wild). */
  readonly version: number;
}

/** Consecutive element addresses, optionally held by a removable magazine. */
export interface AddressRange {
  readonly first: number;
  readonly count: number;
  readonly magazine?: string;
}

/**
 * A robot (accessor): it serves one command at a time and is ONE transport element, however many
 * grippers it carries ("a changer that has two picker mechanisms on its transport must not be
 * represented as having two transports, because pickers are not individually addressable").
 * A second gripper (EXCHANGE MEDIUM) has an internal address above 65535 that no host ever sees.
 */
export interface RobotSpec {
  readonly name: string;
  /** The robot's transport element address. */
  readonly transport: number;
  readonly grippers: 1 | 2;
}

/** Internal address of a robot's second gripper: outside SCSI's 16-bit element address space. */
export function hiddenGripperAddress(transport: number): number {
  return 0x10000 + transport;
}

/** The robot's gripper addresses: its transport element first, then the hidden second gripper if it has one. */
export function gripperAddresses(robot: RobotSpec): number[] {
  return robot.grippers === 2 ? [robot.transport, hiddenGripperAddress(robot.transport)] : [robot.transport];
}

export type VolumeTagActionGroup = 'translate' | 'assert' | 'replace' | 'undefine';

/** Drives of one make; serial numbers are serialPrefix + a zero-padded running number. */
export interface DriveGroupSpec extends AddressRange {
  readonly vendor: string;
  readonly product: string;
  readonly revision: string;
  readonly serialPrefix: string;
  /** Loads after which a drive asks to be cleaned (TapeAlert 20); absent: never by itself. */
  readonly cleanAfterLoads?: number;
}

/** Import/export elements that open and close together (one mailslot door / CAP). */
export interface IeStationSpec extends AddressRange {
  readonly name: string;
}

export interface MagazineSpec {
  readonly name: string;
  readonly removable: boolean;
}

export interface ProfileFeatures {
  readonly barcodeReader: boolean;
  /** Alternate volume tags (AVolTag): second side of two-sided media, SEND VOLUME TAG 9h/Bh/Dh. */
  readonly alternateVolumeTags: boolean;
  readonly exchange: boolean;
  readonly position: boolean;
  /** CHANGER_PREDISMOUNT_EJECT_REQUIRED: the drive's host must eject before the robot can pull. */
  readonly predismountEjectRequired: boolean;
  readonly door: boolean;
  /** PREVENT MEDIUM REMOVAL locks the operator out: door, mailslots and magazine releases. */
  readonly removalLock: boolean;
  /** OPEN/CLOSE IMPORT/EXPORT ELEMENT (1Bh) action 0 / action 1 accepted from the host. */
  readonly hostOpensIeport: boolean;
  readonly hostClosesIeport: boolean;
  /** Transport can rotate media (page 1Eh ROTATE; MOVE MEDIUM INVERT). */
  readonly mediumFlip: boolean;
  readonly initializeElementStatusWithRange: boolean;
  /** What a command meets when its robot is busy: wait its turn, or get BUSY status. */
  readonly busyPolicy: 'queue' | 'busy';
  /** At power-on the robot puts a cartridge found in a picker back (SL8500 HandBot behaviour). */
  readonly powerOnClearsPicker: boolean;
  /**
   * When MOVE/EXCHANGE MEDIUM into a drive returns status: once the drive has loaded (IBM 3573-TL
   * style), or once the cartridge is in the drive, which then loads on its own (SL500 style) so the
   * host can give the robot its next command meanwhile. Either way the robot is free at insertion.
   * Absent in a profile file: 'after-load'.
   */
  readonly moveIntoDriveCompletes: 'after-load' | 'on-insertion';
  /** DVCID identifier of drives: ASCII serial only, or T10 vendor(8)+product(16)+serial(10). */
  readonly driveIdentifier: 'serial' | 't10';
  /** MODE pages carry PS=1 and MODE SELECT SP=1 is honoured. */
  readonly modePagesSavable: boolean;
  /** Element status is kept in non-volatile memory: after power-on the library needs no inventory. Absent: false. */
  readonly statusNonVolatile: boolean;
  /** The drives take cleaning cartridges (false for UDO drives). Absent: true. */
  readonly drivesNeedCleaning: boolean;
  /** A drive holding a cleaner reports ACCESS = 0 whatever the robot could do (CHANGER_CLEANER_ACCESS_NOT_VALID). Absent: false. */
  readonly cleanerAccessNotValid: boolean;
  /** The operator may open the door only while every drive is empty (CHANGER_DRIVE_EMPTY_ON_DOOR_ACCESS). Absent: false. */
  readonly drivesEmptyOnDoorAccess: boolean;
  /**
   * PREVENT MEDIUM REMOVAL also locks the operator panel's keypad (its menu inventory refused)
   * until ALLOW: CHANGER_KEYPAD_ENABLE_DISABLE, LOCK_UNLOCK_KEYPAD. Absent: false.
   */
  readonly keypadLock: boolean;
  /** SEND VOLUME TAG action groups accepted. Absent: all four. */
  readonly volumeTagActions: readonly VolumeTagActionGroup[];
}

export interface ProfileTimings {
  readonly moveMs: number;
  readonly exchangeMs: number;
  readonly positionMs: number;
  /** Extra time when the transport flips the medium (INVERT). */
  readonly invertMs: number;
  readonly rezeroMs: number;
  readonly inventoryBaseMs: number;
  readonly inventoryPerElementMs: number;
  /** Per element when labels are not read (no reader, or FAST): presence probing by touch. */
  readonly inventoryPerElementNoLabelMs: number;
  readonly doorOpenMs: number;
  readonly doorCloseMs: number;
  readonly mailslotOpenMs: number;
  readonly mailslotCloseMs: number;
  /** The drive loads (threads) after the robot has inserted the cartridge; see features.moveIntoDriveCompletes. */
  readonly driveLoadMs: number;
  /** Drive unload/eject, before the robot can pull the cartridge. */
  readonly driveUnloadMs: number;
  readonly powerOnMs: number;
  /** A drive's whole cleaning cycle (thread the cleaner, clean, eject). Absent: driveLoadMs + driveUnloadMs. */
  readonly driveCleanMs: number;
}

/** Page 1Fh as element-kind lists: which kinds store media, and the move/exchange matrices. */
export interface ProfileCapabilities {
  readonly storage: readonly ElementKind[];
  readonly move: Readonly<Record<ElementKind, readonly ElementKind[]>>;
  readonly exchange: Readonly<Record<ElementKind, readonly ElementKind[]>>;
}

export type MediumKind = 'data' | 'cleaning' | 'diagnostic' | 'worm';

/** One cartridge of the initial load. */
export interface MediumSpec {
  readonly address: number;
  /** Physical label; null = no label on the cartridge. */
  readonly barcode: string | null;
  readonly kind?: MediumKind;
  readonly cleaningUses?: number;
  readonly alternateTag?: string;
  readonly sides?: 1 | 2;
}

/** Fills consecutive slots (in address order, from `first`) with labelled cartridges. */
export interface MediumSeriesSpec {
  readonly fill: { readonly first: number; readonly count: number };
  readonly prefix: string;
  readonly start: number;
  readonly digits: number;
  readonly suffix: string;
  /** Leave every n-th slot empty (0: none). */
  readonly skipEvery?: number;
  readonly sides?: 1 | 2;
  /** For two-sided media: alternate tag = primary with this suffix replacing `suffix`. */
  readonly alternateSuffix?: string;
}

export interface Profile {
  readonly name: string;
  readonly description: string;
  readonly inquiry: ProfileInquiry;
  readonly robots: readonly RobotSpec[];
  readonly slots: readonly AddressRange[];
  readonly ieStations: readonly IeStationSpec[];
  readonly drives: readonly DriveGroupSpec[];
  readonly magazines: readonly MagazineSpec[];
  readonly features: ProfileFeatures;
  readonly timings: ProfileTimings;
  readonly capabilities: ProfileCapabilities;
  readonly media: readonly (MediumSpec | MediumSeriesSpec)[];
  /**
   * Element address of the slot the operator's guide reserves for the cleaning cartridge; it is a
   * storage element (page 1Dh counts it) but holds no data cartridge. Absent: none.
   */
  readonly cleanerSlot?: number;
  /** Uses left on a new cleaning cartridge when the medium does not say. */
  readonly cleaningUsesDefault: number;
  /** Bytes every data cartridge holds instead of its media ID's native capacity (tests reach end of tape quickly). */
  readonly tapeCapacityBytes?: number;
  /** Bytes all tape files of the library may take on the host disk; reaching it is end of medium. Absent: no limit. */
  readonly tapeQuotaBytes?: number;
  /** How the drives' tape moves on the library's clock; absent: positioning and transfers take no time. */
  readonly tapeMotion?: TapeMotionSpec;
}

/** Tape drive mechanics (load and unload are timings.driveLoadMs/driveUnloadMs). */
export interface TapeMotionSpec {
  /** Time to wind the whole tape length (a rewind from end of tape); REWIND, LOCATE and SPACE take their share of it. */
  readonly fullTapeTravelMs: number;
  /** Data rate limit of READ and WRITE in MB/s (10^6 bytes); absent: as fast as the host disk. */
  readonly dataRateMBps?: number;
}

export function isMediumSeries(spec: MediumSpec | MediumSeriesSpec): spec is MediumSeriesSpec {
  return 'fill' in spec;
}
