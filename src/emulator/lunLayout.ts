/**
 * How a virtual library's logical units are numbered on its target: the changer at LUN 0, drive
 * k (zero-based, in element-address order) at LUN 1 + k. REPORT LUNS on any of them lists all.
 */
import type { Library } from './library.ts';

export const CHANGER_LUN = 0;

export function driveLun(driveIndex: number): number {
  return 1 + driveIndex;
}

/** The drive index a LUN ≥ 1 stands for. */
export function driveIndexOfLun(lun: number): number {
  return lun - 1;
}

export function libraryLuns(library: Library): number[] {
  return [CHANGER_LUN, ...library.map.ofKind('drive').map((d) => driveLun(d.index))];
}
