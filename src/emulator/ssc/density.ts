/**
 * The density code a drive reports in its mode block descriptor: the LTO generation of the tape
 * (from the media ID at the end of its barcode), else of the drive (from its product name), else 0
 * ("default"): what `mt status` shows as density.
 */
import type { Cartridge } from '../cartridge.ts';
import type { DriveIdentity } from '../elementMap.ts';
import { driveGenerationOf, ltoGeneration, ltoMediumOf } from '../tape/ltoMedia.ts';

export function densityCode(drive: DriveIdentity, cartridge: Cartridge | null): number {
  const medium = cartridge === null ? undefined : ltoMediumOf(cartridge.label)?.lto;
  if (medium !== undefined) return medium.density;
  const generation = driveGenerationOf(drive.product);
  return generation === undefined ? 0 : (ltoGeneration(generation)?.density ?? 0);
}
