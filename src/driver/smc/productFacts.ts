/**
 * What SCSI cannot tell about a changer, per product: the miniclass's "operator's manual"
 * knowledge (reference windows-changer §6.2: doors, cleaner slot, First*Number, MagazineSize,
 * DriveCleanTimeout and the behaviour flags are hard-coded per product by Windows miniclasses),
 * keyed by INQUIRY vendor/product. The first entry whose patterns match wins; DEFAULT_FACTS apply
 * to everything else. Everything SCSI can say (page 1Dh counts, 1Eh rotate, 1Fh matrices, the
 * command set and the CDB fields the device honours) is read from the device, never from here.
 */
export interface ProductFacts {
  /** Send INITIALIZE ELEMENT STATUS WITH RANGE as the vendor opcode E7h instead of 37h. */
  readonly rangeInitOpcodeE7: boolean;
  /** The device claims EXCHANGE in page 1Fh but rejects A6h (tgt). */
  readonly noExchange: boolean;
  /** The robot cannot pull a cartridge until the drive has ejected it (CHANGER_PREDISMOUNT_EJECT_REQUIRED). */
  readonly predismountEjectRequired: boolean;
  /** A drive's mechanism (a tray) must be ejected before the robot can load it (CHANGER_PREMOUNT_EJECT_REQUIRED). */
  readonly premountEjectRequired: boolean;
  /**
   * Doors: a front door, or a single magazine that holds every medium ("a changer's door can be a
   * physical front door or a single magazine that contains all media"). SCSI cannot report it.
   */
  readonly doors: number;
  /** Drives need application-initiated cleaning (false for drives without cleaners, e.g. UDO). */
  readonly driveCleaningRequired: boolean;
  /** The expected cleaning time in seconds; DriveCleanTimeout is twice this. */
  readonly cleaningSeconds: number;
  /** Ask for drive identifiers (DVCID) when reading drive status. */
  readonly deviceIdentifiers: boolean;
  /** Slots per removable magazine (0: no removable magazines). */
  readonly magazineSize: number;
  /** The display number of slot 0 (the vendor's numbering: 1 when the operator's guide counts from 1). */
  readonly firstSlotNumber: number;
  /**
   * The vendor's number of the slot reserved for the cleaner (FirstCleanerSlotAddress), or null.
   * The cleaner slot is a storage element but not a data slot: NumberStorageElements excludes it.
   */
  readonly cleanerSlotNumber: number | null;
  /** Element status survives a power cycle (no inventory needed): CHANGER_STATUS_NON_VOLATILE. */
  readonly statusNonVolatile: boolean;
  /** ELEMENT_STATUS_ACCESS of a drive holding a cleaner means nothing: CHANGER_CLEANER_ACCESS_NOT_VALID. */
  readonly cleanerAccessNotValid: boolean;
  /** The front-panel keypad can be locked by the host (PREVENT MEDIUM REMOVAL): CHANGER_KEYPAD_ENABLE_DISABLE. */
  readonly keypadLock: boolean;
  /** Every drive must be empty before the door may be opened: CHANGER_DRIVE_EMPTY_ON_DOOR_ACCESS. */
  readonly driveEmptyOnDoorAccess: boolean;
  /**
   * SEND VOLUME TAG action groups the product implements. The CDB usage map narrows this further
   * when the device reports it (an action field without bit 3 has no assert/replace/undefine).
   */
  readonly volumeTagActions: readonly VolumeTagActionGroup[];
}

export type VolumeTagActionGroup = 'translate' | 'assert' | 'replace' | 'undefine';

export const ALL_VOLUME_TAG_ACTIONS: readonly VolumeTagActionGroup[] = ['translate', 'assert', 'replace', 'undefine'];

export const DEFAULT_FACTS: ProductFacts = {
  rangeInitOpcodeE7: false,
  noExchange: false,
  predismountEjectRequired: false,
  premountEjectRequired: false,
  doors: 1,
  driveCleaningRequired: true,
  cleaningSeconds: 300,
  deviceIdentifiers: true,
  magazineSize: 0,
  firstSlotNumber: 1,
  cleanerSlotNumber: null,
  statusNonVolatile: false,
  cleanerAccessNotValid: false,
  keypadLock: false,
  driveEmptyOnDoorAccess: false,
  volumeTagActions: ALL_VOLUME_TAG_ACTIONS,
};

export interface ProductFactEntry {
  readonly vendor: RegExp;
  readonly product: RegExp;
  readonly facts: Partial<ProductFacts>;
  readonly why: string;
}

/**
 * The five products the emulator models come first; their entries must agree with the emulator's
 * profiles (test/unit/driver/productFacts.test.ts checks every field against src/emulator/profiles).
 */
export const PRODUCT_FACTS: readonly ProductFactEntry[] = [
  {
    vendor: /^HP$/, product: /AUTOLDR/,
    facts: { doors: 1, magazineSize: 8, cleaningSeconds: 90, cleanerSlotNumber: 8, volumeTagActions: ['translate'] },
    why: '1/8 autoloaders: the single 8-slot magazine holding every cartridge is the door; slot 8 is the cleaning slot (operator\'s guide); LTO cleaning takes about 90 s; SEND VOLUME TAG translates only',
  },
  {
    vendor: /^IBM$/, product: /^3573-TL/,
    facts: { doors: 0, magazineSize: 12, cleaningSeconds: 90, keypadLock: true },
    why: 'TS3100/TL2000: no door, two removable 12-slot magazines (neither holds every cartridge, so neither is a door); the mailslot is closed by hand; PREVENT MEDIUM REMOVAL locks the operator panel',
  },
  {
    vendor: /^STK$/, product: /^SL500/,
    facts: { predismountEjectRequired: true, cleaningSeconds: 120, driveEmptyOnDoorAccess: true, cleanerAccessNotValid: true },
    why: 'SL500: the drive must be unloaded by its host before the robot can pull the cartridge; the door opens only with every drive empty; a drive running a cleaner reports no meaningful ACCESS bit',
  },
  {
    vendor: /^IBM$/, product: /^3584/,
    facts: { cleaningSeconds: 60, statusNonVolatile: true },
    why: 'TS3500/TS4500: inventory kept in non-volatile memory across power cycles; the I/O stations are operator-controlled',
  },
  {
    vendor: /^PLASMON$/, product: /^UDO/,
    facts: { driveCleaningRequired: false, cleaningSeconds: 0 },
    why: 'UDO drives have no cleaners',
  },
  { vendor: /^IET$/, product: /^VIRTUAL-CHANGER$/, facts: { noExchange: true, deviceIdentifiers: false }, why: 'tgt advertises exchange in 1Fh but answers A6h with 05/20/00; its DVCID data is the drive type byte' },
  { vendor: /^QUANTUM$/, product: /^DXi/, facts: { rangeInitOpcodeE7: true }, why: 'Quantum DX accepts only the vendor opcode E7h for ranged inventory' },
  { vendor: /^(STK|ORACLE)$/, product: /^SL150/, facts: { rangeInitOpcodeE7: true }, why: 'SL150 documents E7h' },
  { vendor: /^EXABYTE$/, product: /./, facts: { predismountEjectRequired: true }, why: 'Exabyte loaders need the drive to eject first' },
  { vendor: /^SONY$/, product: /^LIB-/, facts: { predismountEjectRequired: true }, why: 'Sony LIB changers need the drive to eject first' },
];

export function factsFor(vendor: string, product: string): ProductFacts {
  const v = vendor.trim();
  const p = product.trim();
  const hit = PRODUCT_FACTS.find((e) => e.vendor.test(v) && e.product.test(p));
  return { ...DEFAULT_FACTS, ...(hit?.facts ?? {}) };
}
