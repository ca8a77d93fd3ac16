/**
 * The density code a drive reports in its mode block descriptor: the LTO generation of the tape
 * (from the media ID at the end of its barcode, L5…L9, LT…LZ for WORM, M8 for LTO-7 type M), else
 * of the drive (from its product name), else 0 ("default"): what `mt status` shows as density.
 */
import type { Cartridge } from '../cartridge.ts';
import type { DriveIdentity } from '../elementMap.ts';

/** LTO-1 … LTO-9 density codes (SSC-3 / LTO SCSI reference). */
const LTO_DENSITY: readonly number[] = [0, 0x40, 0x42, 0x44, 0x46, 0x58, 0x5a, 0x5c, 0x5e, 0x60];
const LTO7_TYPE_M = 0x5d;
const WORM_GENERATION: Readonly<Record<string, number>> = { LT: 3, LU: 4, LV: 5, LW: 6, LX: 7, LY: 8, LZ: 9 };

function mediumGeneration(label: string | null): number | 'M8' | undefined {
  if (label === null || label.length < 8) return undefined;
  const id = label.slice(-2).toUpperCase();
  if (id === 'M8') return 'M8';
  if (/^L[1-9]$/.test(id)) return Number(id[1]);
  return WORM_GENERATION[id];
}

function driveGeneration(product: string): number | undefined {
  const match = /ULTRIUM[- ]?(?:TD|HH|FH)?\s*(\d)/i.exec(product) ?? /\bULT3580-(?:TD|HH)(\d)/i.exec(product);
  return match === null ? undefined : Number(match[1]);
}

export function densityCode(drive: DriveIdentity, cartridge: Cartridge | null): number {
  const medium = cartridge === null ? undefined : mediumGeneration(cartridge.label);
  if (medium === 'M8') return LTO7_TYPE_M;
  const generation = medium ?? driveGeneration(drive.product);
  return generation === undefined ? 0 : (LTO_DENSITY[generation] ?? 0);
}
