// Which LTO drive reads and writes which cartridge (reference library-managers §4.1): up to
// LTO-7 a drive reads two generations back and writes one back; LTO-8 and LTO-9 read and write one
// back only; an M8 cartridge (LTO-7 initialised to 9 TB) works only in LTO-8 drives; LTO-10 takes
// only LTO-10 media. The manager checks this before it moves a robot, so an impossible mount is
// refused at once instead of failing after a load (the mhVTL trap of pain point 11–12).
//
// Media type names are the catalog's (rsm/catalog/barcode.ts): LTO-1 … LTO-10, LTO-M8,
// LTO-10-PA, LTO-n-WORM, LTO-CLEANER. Drive types are LTO-1 … LTO-10.

export const LTO_DRIVE_TYPES = ['LTO-1', 'LTO-2', 'LTO-3', 'LTO-4', 'LTO-5', 'LTO-6', 'LTO-7', 'LTO-8', 'LTO-9', 'LTO-10'] as const;
export type LtoDriveType = (typeof LTO_DRIVE_TYPES)[number];

export type MediaAccess = 'read-write' | 'read-only' | 'none';

/** The universal LTO cleaning cartridge, as the catalog names it. */
export const LTO_CLEANER = 'LTO-CLEANER';

/** Per drive generation: the cartridge formats it reads and writes, and those it only reads. */
const MATRIX: Readonly<Record<LtoDriveType, { readonly readWrite: readonly string[]; readonly readOnly: readonly string[] }>> = {
  'LTO-1': { readWrite: ['LTO-1'], readOnly: [] },
  'LTO-2': { readWrite: ['LTO-1', 'LTO-2'], readOnly: [] },
  'LTO-3': { readWrite: ['LTO-2', 'LTO-3'], readOnly: ['LTO-1'] },
  'LTO-4': { readWrite: ['LTO-3', 'LTO-4'], readOnly: ['LTO-2'] },
  'LTO-5': { readWrite: ['LTO-4', 'LTO-5'], readOnly: ['LTO-3'] },
  'LTO-6': { readWrite: ['LTO-5', 'LTO-6'], readOnly: ['LTO-4'] },
  'LTO-7': { readWrite: ['LTO-6', 'LTO-7'], readOnly: ['LTO-5'] },
  'LTO-8': { readWrite: ['LTO-7', 'LTO-M8', 'LTO-8'], readOnly: [] },
  'LTO-9': { readWrite: ['LTO-8', 'LTO-9'], readOnly: [] },
  // LTO-10 "premium" (PA) support depends on drive firmware per the reference (UNCONFIRMED);
  // it is listed as read/write so a library that has such media can use it.
  'LTO-10': { readWrite: ['LTO-10', 'LTO-10-PA'], readOnly: [] },
};

/** Generations that have WORM cartridges (LT … LH). */
const WORM_GENERATIONS = ['LTO-3', 'LTO-4', 'LTO-5', 'LTO-6', 'LTO-7', 'LTO-8', 'LTO-9', 'LTO-10'];

export function isLtoDriveType(name: string): name is LtoDriveType {
  return (LTO_DRIVE_TYPES as readonly string[]).includes(name);
}

/**
 * The format a cartridge is read and written as: WORM cartridges follow the matrix of their
 * generation (the drive writes them once), as the reference's encrypted cartridges do.
 */
function format(mediaType: string): string | undefined {
  if (!mediaType.endsWith('-WORM')) return mediaType;
  const generation = mediaType.slice(0, -'-WORM'.length);
  return WORM_GENERATIONS.includes(generation) ? generation : undefined;
}

/** What an LTO drive can do with a cartridge; 'none' for unknown drive or media types. */
export function mediaAccess(driveType: string, mediaType: string): MediaAccess {
  if (!isLtoDriveType(driveType)) return 'none';
  const row = MATRIX[driveType];
  const f = format(mediaType);
  if (f === undefined) return 'none';
  if (row.readWrite.includes(f)) return 'read-write';
  if (row.readOnly.includes(f)) return 'read-only';
  return 'none';
}

export function canRead(driveType: string, mediaType: string): boolean {
  return mediaAccess(driveType, mediaType) !== 'none';
}

export function canWrite(driveType: string, mediaType: string): boolean {
  return mediaAccess(driveType, mediaType) === 'read-write';
}

/** The universal cleaner cleans every LTO drive. */
export function canClean(driveType: string, mediaType: string): boolean {
  return isLtoDriveType(driveType) && mediaType === LTO_CLEANER;
}

/** Every cartridge type the catalog knows that can carry data. */
export const LTO_DATA_MEDIA_TYPES: readonly string[] = [
  ...LTO_DRIVE_TYPES.flatMap((g) => (g === 'LTO-8' ? ['LTO-M8', g] : g === 'LTO-10' ? [g, 'LTO-10-PA'] : [g])),
  ...WORM_GENERATIONS.map((g) => `${g}-WORM`),
];

/** The media types a drive reads (for the catalog's drive row). */
export function mediaTypesRead(driveType: string): string[] {
  return LTO_DATA_MEDIA_TYPES.filter((m) => canRead(driveType, m));
}

/** The media types a drive writes. */
export function mediaTypesWritten(driveType: string): string[] {
  return LTO_DATA_MEDIA_TYPES.filter((m) => canWrite(driveType, m));
}

/**
 * The LTO generation of a drive from its INQUIRY product string: IBM `ULTRIUM-TD8`, `ULT3580-HH9`,
 * HP `Ultrium 7-SCSI`, Quantum `ULTRIUM 8`. Undefined for anything else (not an LTO drive).
 */
export function driveTypeFromProduct(product: string): LtoDriveType | undefined {
  const match = /(?:\b|-)(?:TD|HH|FH)(\d{1,2})\b|ULTRIUM[\s-]?(\d{1,2})\b/i.exec(product);
  const generation = match?.[1] ?? match?.[2];
  if (generation === undefined) return undefined;
  const name = `LTO-${Number(generation)}`;
  return isLtoDriveType(name) ? name : undefined;
}
