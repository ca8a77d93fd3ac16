/**
 * The medium type code of the mode parameter header (ssc.md §4): IBM's cartridge type of the
 * threaded tape (LTFS checks it against its table with the density), 00h with no tape or a label
 * that names no LTO medium.
 */
import type { Cartridge } from '../cartridge.ts';
import { ltoMediumOf } from '../tape/ltoMedia.ts';

export function mediumTypeCode(cartridge: Cartridge | null): number {
  const medium = cartridge === null ? undefined : ltoMediumOf(cartridge.label);
  if (medium?.lto === undefined) return 0;
  return (medium.kind === 'worm' ? medium.lto.wormMediumType : medium.lto.mediumType) ?? 0;
}
