// Which media a drive reads and writes, as catalog media type names, from what the library says
// the drive is (the product identification in its element descriptor, DVCID). Kept deliberately
// small: LTO drives by generation (reference library-managers §4.1); anything else is unknown,
// and a drive of unknown type is offered any medium (the application finds out at load).
import type { DriveIdentity } from '../../driver/elementStatus.ts';

export interface DriveMedia {
  readonly read: readonly string[];
  readonly written: readonly string[];
}

/** The LTO generation of a drive product id: `ULTRIUM-HH8`, `ULTRIUM-TD9`, `Ultrium 7-SCSI`. */
export function ltoGeneration(productId: string): number | undefined {
  const match = /ultrium[^0-9]*(\d{1,2})/i.exec(productId);
  if (match === null) return undefined;
  const generation = Number(match[1]);
  return generation >= 1 && generation <= 10 ? generation : undefined;
}

function data(generation: number): string[] {
  if (generation === 10) return ['LTO-10', 'LTO-10-PA', 'LTO-10-WORM'];
  return generation >= 3 ? [`LTO-${generation}`, `LTO-${generation}-WORM`] : [`LTO-${generation}`];
}

/** The LTO compatibility rule: up to LTO-7 write one generation back, read two; LTO-8 and 9 one back; LTO-10 only its own. */
export function ltoDriveMedia(generation: number): DriveMedia {
  if (generation === 10) return { read: data(10), written: data(10) };
  if (generation === 8) {
    const rw = [...data(7), 'LTO-M8', ...data(8)];
    return { read: rw, written: rw };
  }
  if (generation === 9) {
    const rw = [...data(8), ...data(9)];
    return { read: rw, written: rw };
  }
  const written = [generation, generation - 1].filter((g) => g >= 1).flatMap(data);
  const read = [generation, generation - 1, generation - 2].filter((g) => g >= 1).flatMap(data);
  return { read, written };
}

export function driveMediaOf(identity: DriveIdentity | undefined): DriveMedia | undefined {
  if (identity === undefined) return undefined;
  const generation = ltoGeneration(identity.productId);
  return generation === undefined ? undefined : ltoDriveMedia(generation);
}

/** May `mediaType` be mounted in a drive that lists these types (empty lists: unknown drive, allowed)? */
export function driveAccepts(drive: { readonly mediaTypesRead: readonly string[]; readonly mediaTypesWritten: readonly string[] }, mediaType: string, access: 'read' | 'write'): boolean {
  const list = access === 'write' ? drive.mediaTypesWritten : drive.mediaTypesRead;
  if (list.length === 0 || mediaType === 'unknown') return true;
  return list.includes(mediaType);
}
