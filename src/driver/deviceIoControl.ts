import type { Changer } from './changer.ts';
import { ChangerError, ChangerErrorCodes, isChangerError, type ChangerErrorCode } from '../shared/changerError.ts';
import {
  CHANGER_ELEMENT_LENGTH, CHANGER_ELEMENT_STATUS_EX_LENGTH, CHANGER_ELEMENT_STATUS_LENGTH, CHANGER_EXCHANGE_MEDIUM_LENGTH,
  CHANGER_INITIALIZE_ELEMENT_STATUS_LENGTH, CHANGER_MOVE_MEDIUM_LENGTH, CHANGER_PRODUCT_DATA_LENGTH, CHANGER_READ_ELEMENT_STATUS_LENGTH,
  CHANGER_SEND_VOLUME_TAG_INFORMATION_LENGTH, CHANGER_SET_ACCESS_LENGTH, CHANGER_SET_POSITION_LENGTH, GET_CHANGER_PARAMETERS_LENGTH,
  IOCTL_CHANGER_EXCHANGE_MEDIUM, IOCTL_CHANGER_GET_ELEMENT_STATUS, IOCTL_CHANGER_GET_PARAMETERS, IOCTL_CHANGER_GET_PRODUCT_DATA,
  IOCTL_CHANGER_GET_STATUS, IOCTL_CHANGER_INITIALIZE_ELEMENT_STATUS, IOCTL_CHANGER_MOVE_MEDIUM, IOCTL_CHANGER_QUERY_VOLUME_TAGS,
  IOCTL_CHANGER_REINITIALIZE_TRANSPORT, IOCTL_CHANGER_SET_ACCESS, IOCTL_CHANGER_SET_POSITION, READ_ELEMENT_ADDRESS_INFO_LENGTH,
  WinIoctlFormatError, decodeChangerElement, decodeChangerExchangeMedium, decodeChangerInitializeElementStatus, decodeChangerMoveMedium,
  decodeChangerReadElementStatus, decodeChangerSendVolumeTagInformation, decodeChangerSetAccess, decodeChangerSetPosition,
  encodeChangerProductData, encodeElementStatusArray, encodeGetChangerParameters, encodeReadElementAddressInfo, ioctlName,
  readElementAddressInfoCapacity,
} from './winioctl/index.ts';

/**
 * What DeviceIoControl hands back: the NTSTATUS the IRP completed with and the bytes the driver
 * wrote (IoStatus.Information of them; nothing on failure), plus the status's name and, on
 * failure, the driver's reason in words for a person.
 */
export interface IoctlResult {
  readonly status: number;
  readonly statusName: string;
  readonly output: Uint8Array;
  readonly message?: string;
}

const SUCCESS: Pick<IoctlResult, 'status' | 'statusName'> = { status: 0, statusName: 'STATUS_SUCCESS' };
const NOTHING = new Uint8Array(0);

/**
 * GET_ELEMENT_STATUS asks for N entries of up to 156 bytes into a 32-bit length: past this N the
 * product overflows, which the XP+ class driver refuses with STATUS_BUFFER_OVERFLOW (§5.3).
 */
const MAX_ELEMENT_STATUS_ENTRIES = Math.floor(0xffffffff / CHANGER_ELEMENT_STATUS_EX_LENGTH);
/** NumberOfElements sits after the ElementType and ElementAddress of CHANGER_READ_ELEMENT_STATUS. */
const NUMBER_OF_ELEMENTS_OFFSET = 8;

/** A failure with the NTSTATUS of one of the driver's codes; also the tape driver's (tapeDeviceIoControl.ts). */
export function ioctlFailure(code: ChangerErrorCode, message: string): IoctlResult {
  const s = ChangerErrorCodes[code];
  return { status: s.ntStatus, statusName: s.ntStatusName, output: NOTHING, message };
}

export function ioctlSuccess(output: Uint8Array = NOTHING): IoctlResult {
  return { ...SUCCESS, output };
}

/** The class driver's length check of §5.3: every short buffer is STATUS_INFO_LENGTH_MISMATCH. */
function tooShort(code: number, which: 'input' | 'output', needed: number, given: number): IoctlResult {
  return ioctlFailure('INFO_LENGTH_MISMATCH', `${ioctlName(code)}: the ${which} buffer needs at least ${needed} bytes, given ${given}`);
}

/**
 * IRP_MJ_DEVICE_CONTROL on a changer (reference windows-changer §5.3): the class driver's buffer
 * checks, the request decoded from its Windows structure, the Changer routine, the answer encoded
 * back. Every outcome is a status, as DeviceIoControl reports it; nothing throws. A structure
 * whose fields the model cannot hold (an ELEMENT_TYPE of 9, a Control of 7) is
 * STATUS_INVALID_PARAMETER; a code that is not one of the eleven IOCTL_CHANGER_* codes is
 * STATUS_INVALID_DEVICE_REQUEST, as ClassDeviceControl answers a code it does not know.
 */
export async function deviceIoControl(changer: Changer, code: number, input: Uint8Array, outputLength: number): Promise<IoctlResult> {
  if (!Number.isInteger(outputLength) || outputLength < 0 || outputLength > 0xffffffff) {
    return ioctlFailure('INVALID_PARAMETER', `the output buffer length must be 0..4294967295 bytes, not ${outputLength}`);
  }
  try {
    return await dispatch(changer, code >>> 0, input, outputLength);
  } catch (e) {
    if (isChangerError(e)) return ioctlFailure(e.code, e.message);
    if (e instanceof WinIoctlFormatError) return ioctlFailure('INVALID_PARAMETER', `${ioctlName(code)}: ${e.message}`);
    throw e;
  }
}

async function dispatch(changer: Changer, code: number, input: Uint8Array, outputLength: number): Promise<IoctlResult> {
  const needInput = (needed: number): IoctlResult | undefined => (input.length < needed ? tooShort(code, 'input', needed, input.length) : undefined);
  const needOutput = (needed: number): IoctlResult | undefined => (outputLength < needed ? tooShort(code, 'output', needed, outputLength) : undefined);
  switch (code) {
    case IOCTL_CHANGER_GET_PARAMETERS:
      return needOutput(GET_CHANGER_PARAMETERS_LENGTH) ?? ioctlSuccess(encodeGetChangerParameters(await changer.getParameters()));
    case IOCTL_CHANGER_GET_STATUS:
      await changer.getStatus();
      return ioctlSuccess();
    case IOCTL_CHANGER_GET_PRODUCT_DATA:
      return needOutput(CHANGER_PRODUCT_DATA_LENGTH) ?? ioctlSuccess(encodeChangerProductData(await changer.getProductData()));
    case IOCTL_CHANGER_SET_ACCESS: {
      const short = needInput(CHANGER_SET_ACCESS_LENGTH);
      if (short) return short;
      const { element, control } = decodeChangerSetAccess(input);
      await changer.setAccess(element, control);
      return ioctlSuccess();
    }
    case IOCTL_CHANGER_GET_ELEMENT_STATUS:
      return getElementStatus(changer, code, input, outputLength);
    case IOCTL_CHANGER_INITIALIZE_ELEMENT_STATUS:
      return needInput(CHANGER_INITIALIZE_ELEMENT_STATUS_LENGTH) ?? (await changer.initializeElementStatus(decodeChangerInitializeElementStatus(input)), ioctlSuccess());
    case IOCTL_CHANGER_SET_POSITION:
      return needInput(CHANGER_SET_POSITION_LENGTH) ?? (await changer.setPosition(decodeChangerSetPosition(input)), ioctlSuccess());
    case IOCTL_CHANGER_EXCHANGE_MEDIUM:
      return needInput(CHANGER_EXCHANGE_MEDIUM_LENGTH) ?? (await changer.exchangeMedium(decodeChangerExchangeMedium(input)), ioctlSuccess());
    case IOCTL_CHANGER_MOVE_MEDIUM:
      return needInput(CHANGER_MOVE_MEDIUM_LENGTH) ?? (await changer.moveMedium(decodeChangerMoveMedium(input)), ioctlSuccess());
    case IOCTL_CHANGER_REINITIALIZE_TRANSPORT:
      return needInput(CHANGER_ELEMENT_LENGTH) ?? (await changer.reinitializeTransport(decodeChangerElement(input)), ioctlSuccess());
    case IOCTL_CHANGER_QUERY_VOLUME_TAGS: {
      const short = needInput(CHANGER_SEND_VOLUME_TAG_INFORMATION_LENGTH) ?? needOutput(READ_ELEMENT_ADDRESS_INFO_LENGTH);
      if (short) return short;
      const matches = await changer.queryVolumeTags(decodeChangerSendVolumeTagInformation(input));
      // The caller's buffer bounds the answer; the matches that do not fit are left out, as the
      // sample miniclass asks the device for no more than fit.
      return ioctlSuccess(encodeReadElementAddressInfo(matches.slice(0, readElementAddressInfoCapacity(outputLength))));
    }
    default:
      return ioctlFailure('INVALID_DEVICE_REQUEST', `${ioctlName(code)} is not a changer control code this driver handles`);
  }
}

/**
 * The one request whose output size depends on its input: N entries of 100 bytes at least, or of
 * 156 when the buffer holds N of those (the stride rule of §3.8.3). The checks come in the class
 * driver's order: input length, overflow, output room, then N = 0.
 */
async function getElementStatus(changer: Changer, code: number, input: Uint8Array, outputLength: number): Promise<IoctlResult> {
  if (input.length < CHANGER_READ_ELEMENT_STATUS_LENGTH) return tooShort(code, 'input', CHANGER_READ_ELEMENT_STATUS_LENGTH, input.length);
  const count = new DataView(input.buffer, input.byteOffset, input.byteLength).getUint32(NUMBER_OF_ELEMENTS_OFFSET, true);
  if (count > MAX_ELEMENT_STATUS_ENTRIES) {
    return ioctlFailure('BUFFER_OVERFLOW', `${ioctlName(code)}: ${count} entries of ${CHANGER_ELEMENT_STATUS_EX_LENGTH} bytes do not fit a 32-bit length`);
  }
  if (outputLength < count * CHANGER_ELEMENT_STATUS_LENGTH) {
    return ioctlFailure('BUFFER_TOO_SMALL', `${ioctlName(code)}: ${count} entries need at least ${count * CHANGER_ELEMENT_STATUS_LENGTH} bytes ` +
      `(${CHANGER_ELEMENT_STATUS_LENGTH} each, or ${CHANGER_ELEMENT_STATUS_EX_LENGTH} with drive identities), given ${outputLength}`);
  }
  if (count === 0) return ioctlFailure('INVALID_PARAMETER', `${ioctlName(code)}: NumberOfElements is 0`);
  const statuses = await changer.getElementStatus(decodeChangerReadElementStatus(input));
  if (statuses.length > count) throw new ChangerError('IO_DEVICE_ERROR', `the driver returned ${statuses.length} entries for ${count} asked`);
  return ioctlSuccess(encodeElementStatusArray(statuses, outputLength));
}
