// Which media a drive reads and writes, as catalog media type names, from what the library says
// the drive is (the product identification in its element descriptor, DVCID), through the LTO
// matrix of storage/. A drive of unknown type is offered any medium (the application finds out
// at load); media of unknown type may go into any drive.
import type { DriveIdentity } from '../../../driver/elementStatus.ts';
import { driveTypeFromProduct, mediaTypesRead, mediaTypesWritten } from '../../../storage/index.ts';

export interface DriveMedia {
  readonly read: readonly string[];
  readonly written: readonly string[];
}

export function driveMediaOf(identity: DriveIdentity | undefined): DriveMedia | undefined {
  const driveType = identity === undefined ? undefined : driveTypeFromProduct(identity.productId);
  return driveType === undefined ? undefined : { read: mediaTypesRead(driveType), written: mediaTypesWritten(driveType) };
}

/** May `mediaType` be mounted in a drive that lists these types (empty lists: unknown drive, allowed)? */
export function driveAccepts(drive: { readonly mediaTypesRead: readonly string[]; readonly mediaTypesWritten: readonly string[] }, mediaType: string, access: 'read' | 'write'): boolean {
  const list = access === 'write' ? drive.mediaTypesWritten : drive.mediaTypesRead;
  if (list.length === 0 || mediaType === 'unknown') return true;
  return list.includes(mediaType);
}
