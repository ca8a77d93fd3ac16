/**
 * The densities an LTO drive reports in REPORT DENSITY SUPPORT (ssc.md §2.11, §4): its own
 * generation (DEFLT) and the ones it can still write or read — write back one generation, read
 * back two up to LTO-7; an LTO-8 drive also writes LTO-7 type M (5Dh) and reads no LTO-6; an
 * LTO-9 drive reads and writes LTO-8 only. Recording facts (tracks, bits per mm) per §4.
 */
import type { DensitySupportDescriptor } from '../../scsi/index.ts';
import { LTO7_TYPE_M, LTO_GENERATIONS, type LtoGeneration } from '../tape/ltoMedia.ts';

interface Recording {
  readonly tracks: number;
  readonly bitsPerMm: number;
  /** Channels the head writes at once, the second half of the density name (U-832: LTO-8, 32). */
  readonly channels: number;
  /** Tape length in metres (MAM 0402h). */
  readonly lengthM: number;
}

/** Index: generation − 1. M8 shares LTO-7's tape and head. */
const RECORDING: readonly Recording[] = [
  { tracks: 384, bitsPerMm: 4880, channels: 8, lengthM: 609 },
  { tracks: 512, bitsPerMm: 7398, channels: 8, lengthM: 609 },
  { tracks: 704, bitsPerMm: 9638, channels: 16, lengthM: 680 },
  { tracks: 896, bitsPerMm: 12725, channels: 16, lengthM: 820 },
  { tracks: 1280, bitsPerMm: 15142, channels: 16, lengthM: 846 },
  { tracks: 2176, bitsPerMm: 15142, channels: 16, lengthM: 846 },
  { tracks: 3584, bitsPerMm: 19107, channels: 32, lengthM: 960 },
  { tracks: 6656, bitsPerMm: 20669, channels: 32, lengthM: 960 },
  { tracks: 8960, bitsPerMm: 21456, channels: 32, lengthM: 1035 },
];

export const LTO_WIDTH_TENTHS_MM = 127;

/** Metres of tape in a cartridge of this generation (0 when unknown). */
export function tapeLengthMeters(lto: LtoGeneration): number {
  return RECORDING[lto.generation - 1]?.lengthM ?? 0;
}

export interface DriveDensity {
  readonly lto: LtoGeneration;
  readonly writable: boolean;
}

/** What a drive of `generation` reads and writes, newest first. */
export function densitiesOfDrive(generation: number): DriveDensity[] {
  const list: DriveDensity[] = [];
  for (const lto of [...LTO_GENERATIONS].reverse()) {
    const age = generation - lto.generation;
    if (age < 0) continue;
    const writable = age <= 1;
    const readable = writable || (age === 2 && generation <= 7);
    if (readable) list.push({ lto, writable });
    if (generation === 8 && lto.generation === 8) list.push({ lto: LTO7_TYPE_M, writable: true });
  }
  return list;
}

function nativeSize(bytes: number): string {
  return bytes >= 1e12 ? `${bytes / 1e12}TB` : `${bytes / 1e9}GB`;
}

export function densityDescriptor(density: DriveDensity, isDefault: boolean, capacityBytes: number = density.lto.nativeCapacity): DensitySupportDescriptor {
  const { lto } = density;
  const recording = RECORDING[lto.generation - 1] ?? { tracks: 0, bitsPerMm: 0, channels: 0, lengthM: 0 };
  const typeM = lto === LTO7_TYPE_M;
  return {
    primaryDensityCode: lto.density,
    secondaryDensityCode: lto.density,
    writeOk: density.writable,
    duplicate: false,
    defaultDensity: isDefault,
    descriptorLengthValid: true,
    bitsPerMm: recording.bitsPerMm,
    mediaWidth: LTO_WIDTH_TENTHS_MM,
    tracks: recording.tracks,
    capacityMB: Math.floor(capacityBytes / 1e6),
    assigningOrganization: 'LTO-CVE',
    densityName: typeM ? 'U-732M' : `U-${lto.generation}${recording.channels}`,
    description: `Ultrium ${typeM ? '7 type M' : lto.generation} ${nativeSize(lto.nativeCapacity)}`,
  };
}
