// A virtual library as one iSCSI target, the way `changer emulate` serves it and `npm start` serves
// the manager's embedded library: one IQN per library (named after its directory, so it stays the
// same from run to run), the changer at LUN 0 and drive k at LUN 1 + k (emulator/lunLayout.ts).
import { basename } from 'node:path';
import { CHANGER_LUN, driveLun, type VirtualLibrary } from '../emulator/index.ts';
import type { ChapCredentials } from '../iscsi/login/chap.ts';
import type { TargetDefinition } from '../iscsi/target/index.ts';
import type { ScsiDevice } from '../scsi/device.ts';
import { formatIscsiUrl } from '../transport/iscsiUrl.ts';

/** Dated with the month this naming was chosen: an IQN's date must be a month the authority held the domain. */
export const DEFAULT_IQN_PREFIX = 'iqn.2026-11.dev.changer';
export { CHANGER_LUN };

/** One drive as an initiator reaches it. */
export interface ServedDrive {
  /** Zero-based, in element-address order (the emulator's numbering). */
  readonly driveIndex: number;
  readonly lun: number;
  /** iscsi://host[:port]/<iqn>/<lun>, never with a secret. */
  readonly url: string;
  readonly serial: string;
}

/** The IQN of the library kept in `dir`: the prefix and the directory's name. */
export function libraryIqn(prefix: string, dir: string): string {
  const name = basename(dir).toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '');
  return `${prefix}:${name === '' ? 'library' : name}`;
}

/** The target's LUNs for one library: the changer, then each drive. */
export function libraryLuns(library: VirtualLibrary): Map<number, ScsiDevice> {
  return new Map<number, ScsiDevice>([[CHANGER_LUN, library.device], ...library.drives.map((drive): [number, ScsiDevice] => [driveLun(drive.driveIndex), drive])]);
}

/** `dir` is the library's directory: the alias initiators show says which library this is. */
export function libraryTarget(iqn: string, dir: string, library: VirtualLibrary, chap: ChapCredentials | undefined): TargetDefinition {
  return { name: iqn, alias: `${library.profile.name} ${basename(dir)}`, luns: libraryLuns(library), ...(chap === undefined ? {} : { chap }) };
}

/** Where each drive of the library is, once its target listens at host:port. */
export function servedDrives(library: VirtualLibrary, iqn: string, where: { readonly host: string; readonly port: number }): ServedDrive[] {
  return library.drives.map((drive) => {
    const lun = driveLun(drive.driveIndex);
    return { driveIndex: drive.driveIndex, lun, url: formatIscsiUrl({ host: where.host, port: where.port, targetName: iqn, lun }), serial: drive.drive.identity.serial };
  });
}
