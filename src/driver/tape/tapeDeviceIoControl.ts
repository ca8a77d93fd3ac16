import { isChangerError } from '../../shared/changerError.ts';
import { ioctlFailure as failed, ioctlSuccess, type IoctlResult } from '../deviceIoControl.ts';
import { GET_MEDIA_TYPES_LENGTH, IOCTL_STORAGE_GET_MEDIA_TYPES_EX, encodeGetMediaTypes, getMediaTypesLength, ioctlName, type GetMediaTypes } from '../winioctl/index.ts';

/**
 * DeviceIoControl on a tape drive's own device (\\.\TapeN), for the one code the changer model
 * needs there (reference windows-changer §2.1): IOCTL_STORAGE_GET_MEDIA_TYPES_EX, which each
 * drive's driver must answer for RSM. An output buffer shorter than sizeof(GET_MEDIA_TYPES), or
 * too short for every entry, is STATUS_INFO_LENGTH_MISMATCH; any other code
 * STATUS_INVALID_DEVICE_REQUEST; a device failure its own status. Nothing throws.
 */
export async function tapeDeviceIoControl(mediaTypes: () => Promise<GetMediaTypes>, code: number, outputLength: number): Promise<IoctlResult> {
  const name = ioctlName(code >>> 0);
  if ((code >>> 0) !== IOCTL_STORAGE_GET_MEDIA_TYPES_EX) return failed('INVALID_DEVICE_REQUEST', `${name} is not a control code this tape driver handles`);
  if (!Number.isInteger(outputLength) || outputLength < GET_MEDIA_TYPES_LENGTH) {
    return failed('INFO_LENGTH_MISMATCH', `${name}: the output buffer needs at least ${GET_MEDIA_TYPES_LENGTH} bytes, given ${outputLength}`);
  }
  try {
    const types = await mediaTypes();
    const needed = getMediaTypesLength(types.mediaInfo.length);
    if (outputLength < needed) {
      return failed('INFO_LENGTH_MISMATCH', `${name}: ${types.mediaInfo.length} media types need ${needed} bytes, given ${outputLength}`);
    }
    return ioctlSuccess(encodeGetMediaTypes(types));
  } catch (e) {
    if (isChangerError(e)) return failed(e.code, e.message);
    throw e;
  }
}
