/**
 * What page 1Fh and the command set cannot tell, per product (the miniclass's "operator's
 * manual" knowledge, reference windows-changer §6.2), keyed by INQUIRY vendor/product. The first
 * entry whose patterns match wins; DEFAULT_QUIRKS apply to everything else.
 */
export interface Quirks {
  /** Send INITIALIZE ELEMENT STATUS WITH RANGE as the vendor opcode E7h instead of 37h. */
  readonly rangeInitOpcodeE7: boolean;
  /** The device claims EXCHANGE in page 1Fh but rejects A6h (tgt). */
  readonly noExchange: boolean;
  /** The robot cannot pull a cartridge until the drive has ejected it (CHANGER_PREDISMOUNT_EJECT_REQUIRED). */
  readonly predismountEjectRequired: boolean;
  /** Number of doors (SCSI cannot report it). */
  readonly doors: number;
  /** Drives need application-initiated cleaning. */
  readonly driveCleaningRequired: boolean;
  /** Half of DriveCleanTimeout: the expected cleaning time in seconds. */
  readonly cleaningSeconds: number;
  /** Ask for drive identifiers (DVCID) when reading drive status. */
  readonly deviceIdentifiers: boolean;
  /** Slots per removable magazine (0: no removable magazines). */
  readonly magazineSize: number;
}

export const DEFAULT_QUIRKS: Quirks = {
  rangeInitOpcodeE7: false,
  noExchange: false,
  predismountEjectRequired: false,
  doors: 1,
  driveCleaningRequired: true,
  cleaningSeconds: 300,
  deviceIdentifiers: true,
  magazineSize: 0,
};

interface QuirkEntry {
  readonly vendor: RegExp;
  readonly product: RegExp;
  readonly quirks: Partial<Quirks>;
  readonly why: string;
}

const TABLE: readonly QuirkEntry[] = [
  { vendor: /^IET$/, product: /^VIRTUAL-CHANGER$/, quirks: { noExchange: true, deviceIdentifiers: false }, why: 'tgt advertises exchange in 1Fh but answers A6h with 05/20/00; its DVCID data is the drive type byte' },
  { vendor: /^QUANTUM$/, product: /^DXi/, quirks: { rangeInitOpcodeE7: true }, why: 'Quantum DX accepts only the vendor opcode E7h for ranged inventory' },
  { vendor: /^(STK|ORACLE)$/, product: /^SL150/, quirks: { rangeInitOpcodeE7: true }, why: 'SL150 documents E7h' },
  { vendor: /^IBM$/, product: /^3573-TL/, quirks: { doors: 0, magazineSize: 12 }, why: 'TS3100/TL2000: no door, two removable 12-slot magazines (one holds the mailslot)' },
  { vendor: /^HP$/, product: /AUTOLDR/, quirks: { doors: 0, magazineSize: 8 }, why: '1/8 autoloaders: the magazine is the only way in' },
  { vendor: /^STK$/, product: /^SL500/, quirks: { predismountEjectRequired: true }, why: 'SL500: the drive must be unloaded by its host before the robot can pull the cartridge' },
  { vendor: /^EXABYTE$/, product: /./, quirks: { predismountEjectRequired: true }, why: 'Exabyte loaders need the drive to eject first' },
  { vendor: /^SONY$/, product: /^LIB-/, quirks: { predismountEjectRequired: true }, why: 'Sony LIB changers need the drive to eject first' },
];

export function quirksFor(vendor: string, product: string): Quirks {
  const v = vendor.trim();
  const p = product.trim();
  const hit = TABLE.find((e) => e.vendor.test(v) && e.product.test(p));
  return { ...DEFAULT_QUIRKS, ...(hit?.quirks ?? {}) };
}
