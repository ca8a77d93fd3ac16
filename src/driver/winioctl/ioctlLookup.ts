import { CHANGER_IOCTLS } from './changerIoctls.ts';
import type { IoctlDefinition } from './ioctlDefinition.ts';
import { STORAGE_IOCTLS } from './storageIoctls.ts';

const BY_CODE: ReadonlyMap<number, IoctlDefinition> = new Map([...CHANGER_IOCTLS, ...STORAGE_IOCTLS].map((d) => [d.code, d]));

/** The definition of a changer or drive-side code, or undefined for one this model does not know. */
export function ioctlByCode(code: number): IoctlDefinition | undefined {
  return BY_CODE.get(code);
}

/** For logs: the IOCTL's name, or its code in the hex form Windows tools print. */
export function ioctlName(code: number): string {
  return BY_CODE.get(code)?.name ?? '0x' + (code >>> 0).toString(16).toUpperCase().padStart(8, '0');
}
