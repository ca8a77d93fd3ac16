import { FileAccess, FileDevice } from './ctlCode.ts';
import { GET_MEDIA_TYPES_LENGTH } from './getMediaTypes.ts';
import { defineIoctl, type IoctlDefinition } from './ioctlDefinition.ts';

/**
 * IOCTL_STORAGE_BASE is FILE_DEVICE_MASS_STORAGE. These go to a drive's own device, not the changer
 * (§2.1): RSM asks each drive which media it takes, and ejects through the drive before a dismount.
 * Lengths are given only where the reference states them.
 */
function storage(name: string, fn: number, access: number, minInputLength?: number, minOutputLength?: number): IoctlDefinition {
  return defineIoctl(name, FileDevice.MASS_STORAGE, fn, access, minInputLength, minOutputLength);
}

const { ANY, READ } = FileAccess;

const getMediaTypes = storage('IOCTL_STORAGE_GET_MEDIA_TYPES', 0x0300, ANY);
const getMediaTypesEx = storage('IOCTL_STORAGE_GET_MEDIA_TYPES_EX', 0x0301, ANY, 0, GET_MEDIA_TYPES_LENGTH);
const checkVerify = storage('IOCTL_STORAGE_CHECK_VERIFY', 0x0200, READ);
const checkVerify2 = storage('IOCTL_STORAGE_CHECK_VERIFY2', 0x0200, ANY);
const mediaRemoval = storage('IOCTL_STORAGE_MEDIA_REMOVAL', 0x0201, READ);
const ejectMedia = storage('IOCTL_STORAGE_EJECT_MEDIA', 0x0202, READ);
const loadMedia = storage('IOCTL_STORAGE_LOAD_MEDIA', 0x0203, READ);
const reserve = storage('IOCTL_STORAGE_RESERVE', 0x0204, READ);
const release = storage('IOCTL_STORAGE_RELEASE', 0x0205, READ);
const getDeviceNumber = storage('IOCTL_STORAGE_GET_DEVICE_NUMBER', 0x0420, ANY);

/** The drive-side codes of §2.1, in the reference's order. */
export const STORAGE_IOCTLS: readonly IoctlDefinition[] = Object.freeze([
  getMediaTypes,
  getMediaTypesEx,
  checkVerify,
  checkVerify2,
  mediaRemoval,
  ejectMedia,
  loadMedia,
  reserve,
  release,
  getDeviceNumber,
]);

export const IOCTL_STORAGE_GET_MEDIA_TYPES = getMediaTypes.code;
export const IOCTL_STORAGE_GET_MEDIA_TYPES_EX = getMediaTypesEx.code;
export const IOCTL_STORAGE_CHECK_VERIFY = checkVerify.code;
export const IOCTL_STORAGE_CHECK_VERIFY2 = checkVerify2.code;
export const IOCTL_STORAGE_MEDIA_REMOVAL = mediaRemoval.code;
export const IOCTL_STORAGE_EJECT_MEDIA = ejectMedia.code;
export const IOCTL_STORAGE_LOAD_MEDIA = loadMedia.code;
export const IOCTL_STORAGE_RESERVE = reserve.code;
export const IOCTL_STORAGE_RELEASE = release.code;
export const IOCTL_STORAGE_GET_DEVICE_NUMBER = getDeviceNumber.code;
