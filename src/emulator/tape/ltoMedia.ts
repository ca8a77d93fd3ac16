/**
 * LTO generations as a drive knows them (ssc.md §4): what a cartridge is from the media ID at the
 * end of its barcode (L1…L9 data, LT…LZ WORM, M8 an LTO-7 cartridge initialised as type M, CLN…
 * a cleaner), its native capacity, the density code and IBM medium type code the drive reports,
 * and its native data rate. One table, so capacity, density, MAM and log pages always agree.
 */

export interface LtoGeneration {
  readonly generation: number;
  /** Native (uncompressed) capacity in bytes, decimal as the LTO program states it. */
  readonly nativeCapacity: number;
  /** Native data rate in MB/s (10^6 bytes). */
  readonly nativeRateMBps: number;
  /** Density code: mode block descriptor byte 0, REPORT DENSITY SUPPORT, MAM 0405h. */
  readonly density: number;
  /** IBM medium type code (mode parameter header) for data and WORM cartridges (WORM from LTO-3). */
  readonly mediumType: number;
  readonly wormMediumType: number | undefined;
  /** Compression ratio the generation advertises (2:1 up to LTO-5, 2.5:1 from LTO-6). */
  readonly compressionRatio: number;
}

const TB = 1e12;
const GB = 1e9;

export const LTO_GENERATIONS: readonly LtoGeneration[] = [
  { generation: 1, nativeCapacity: 100 * GB, nativeRateMBps: 20, density: 0x40, mediumType: 0x18, wormMediumType: undefined, compressionRatio: 2 },
  { generation: 2, nativeCapacity: 200 * GB, nativeRateMBps: 40, density: 0x42, mediumType: 0x28, wormMediumType: undefined, compressionRatio: 2 },
  { generation: 3, nativeCapacity: 400 * GB, nativeRateMBps: 80, density: 0x44, mediumType: 0x38, wormMediumType: 0x3c, compressionRatio: 2 },
  { generation: 4, nativeCapacity: 800 * GB, nativeRateMBps: 120, density: 0x46, mediumType: 0x48, wormMediumType: 0x4c, compressionRatio: 2 },
  { generation: 5, nativeCapacity: 1.5 * TB, nativeRateMBps: 140, density: 0x58, mediumType: 0x58, wormMediumType: 0x5c, compressionRatio: 2 },
  { generation: 6, nativeCapacity: 2.5 * TB, nativeRateMBps: 160, density: 0x5a, mediumType: 0x68, wormMediumType: 0x6c, compressionRatio: 2.5 },
  { generation: 7, nativeCapacity: 6 * TB, nativeRateMBps: 300, density: 0x5c, mediumType: 0x78, wormMediumType: 0x7c, compressionRatio: 2.5 },
  { generation: 8, nativeCapacity: 12 * TB, nativeRateMBps: 360, density: 0x5e, mediumType: 0x88, wormMediumType: 0x8c, compressionRatio: 2.5 },
  { generation: 9, nativeCapacity: 18 * TB, nativeRateMBps: 400, density: 0x60, mediumType: 0x98, wormMediumType: 0x9c, compressionRatio: 2.5 },
];

/** An LTO-7 cartridge initialised in an LTO-8 drive (type M, "M8"): 9 TB at density 5Dh. */
export const LTO7_TYPE_M: LtoGeneration = { generation: 7, nativeCapacity: 9 * TB, nativeRateMBps: 300, density: 0x5d, mediumType: 0x78, wormMediumType: undefined, compressionRatio: 2.5 };

const WORM_IDS: Readonly<Record<string, number>> = { LT: 3, LU: 4, LV: 5, LW: 6, LX: 7, LY: 8, LZ: 9 };

/** What the barcode's media ID says a cartridge is. */
export interface LtoMedium {
  readonly kind: 'data' | 'worm' | 'cleaning';
  /** Undefined for a cleaner, and for a label without an LTO media ID. */
  readonly lto: LtoGeneration | undefined;
}

export function ltoGeneration(generation: number): LtoGeneration | undefined {
  return LTO_GENERATIONS[generation - 1];
}

/** The medium a barcode names: CLN… a cleaner; …L5 LTO-5 data; …LV LTO-5 WORM; …M8 LTO-7 type M. */
export function ltoMediumOf(label: string | null): LtoMedium | undefined {
  if (label === null || label.length < 8) return undefined;
  if (label.toUpperCase().startsWith('CLN')) return { kind: 'cleaning', lto: undefined };
  const id = label.slice(-2).toUpperCase();
  if (id === 'M8') return { kind: 'data', lto: LTO7_TYPE_M };
  if (/^L[1-9]$/.test(id)) return { kind: 'data', lto: ltoGeneration(Number(id[1])) };
  const worm = WORM_IDS[id];
  return worm === undefined ? undefined : { kind: 'worm', lto: ltoGeneration(worm) };
}

/** The LTO generation a drive's product name says (ULTRIUM-HH8, ULT3580-TD9, …). */
export function driveGenerationOf(product: string): number | undefined {
  const match = /ULTRIUM[- ]?(?:TD|HH|FH)?\s*(\d)/i.exec(product) ?? /\bULT3580-(?:TD|HH)(\d)/i.exec(product);
  return match === null ? undefined : Number(match[1]);
}
