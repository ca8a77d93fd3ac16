import { CHANGER_ELEMENT_LENGTH } from './changerElement.ts';
import { CHANGER_ELEMENT_STATUS_LENGTH } from './changerElementStatus.ts';
import { CHANGER_EXCHANGE_MEDIUM_LENGTH } from './changerExchangeMedium.ts';
import { CHANGER_INITIALIZE_ELEMENT_STATUS_LENGTH } from './changerInitializeElementStatus.ts';
import { CHANGER_MOVE_MEDIUM_LENGTH } from './changerMoveMedium.ts';
import { CHANGER_PRODUCT_DATA_LENGTH } from './changerProductData.ts';
import { CHANGER_READ_ELEMENT_STATUS_LENGTH } from './changerReadElementStatus.ts';
import { CHANGER_SEND_VOLUME_TAG_INFORMATION_LENGTH } from './changerSendVolumeTagInformation.ts';
import { CHANGER_SET_ACCESS_LENGTH } from './changerSetAccess.ts';
import { CHANGER_SET_POSITION_LENGTH } from './changerSetPosition.ts';
import { FileAccess, FileDevice } from './ctlCode.ts';
import { GET_CHANGER_PARAMETERS_LENGTH } from './getChangerParameters.ts';
import { defineIoctl, type IoctlDefinition } from './ioctlDefinition.ts';
import { READ_ELEMENT_ADDRESS_INFO_LENGTH } from './readElementAddressInfo.ts';

/** An IOCTL_CHANGER_* code with the lengths the class driver checks (§5.3) and the routine it calls. */
export interface ChangerIoctlDefinition extends IoctlDefinition {
  readonly minInputLength: number;
  /**
   * For GET_ELEMENT_STATUS this is per requested element: the class driver wants N × 100 bytes
   * (see elementStatusStride).
   */
  readonly minOutputLength: number;
  /** The miniclass routine the class driver hands the request to. */
  readonly routine: string;
}

/** IOCTL_CHANGER_BASE is FILE_DEVICE_CHANGER. */
function changer(name: string, fn: number, access: number, minInputLength: number, minOutputLength: number, routine: string): ChangerIoctlDefinition {
  return { ...defineIoctl(name, FileDevice.CHANGER, fn, access, minInputLength, minOutputLength), minInputLength, minOutputLength, routine };
}

const { READ, READ_WRITE } = FileAccess;

const getParameters = changer('IOCTL_CHANGER_GET_PARAMETERS', 0x0000, READ, 0, GET_CHANGER_PARAMETERS_LENGTH, 'ChangerGetParameters');
const getStatus = changer('IOCTL_CHANGER_GET_STATUS', 0x0001, READ, 0, 0, 'ChangerGetStatus');
const getProductData = changer('IOCTL_CHANGER_GET_PRODUCT_DATA', 0x0002, READ, 0, CHANGER_PRODUCT_DATA_LENGTH, 'ChangerGetProductData');
const setAccess = changer('IOCTL_CHANGER_SET_ACCESS', 0x0004, READ_WRITE, CHANGER_SET_ACCESS_LENGTH, 0, 'ChangerSetAccess');
const getElementStatus = changer('IOCTL_CHANGER_GET_ELEMENT_STATUS', 0x0005, READ_WRITE, CHANGER_READ_ELEMENT_STATUS_LENGTH, CHANGER_ELEMENT_STATUS_LENGTH, 'ChangerGetElementStatus');
const initializeElementStatus = changer('IOCTL_CHANGER_INITIALIZE_ELEMENT_STATUS', 0x0006, READ, CHANGER_INITIALIZE_ELEMENT_STATUS_LENGTH, 0, 'ChangerInitializeElementStatus');
const setPosition = changer('IOCTL_CHANGER_SET_POSITION', 0x0007, READ, CHANGER_SET_POSITION_LENGTH, 0, 'ChangerSetPosition');
const exchangeMedium = changer('IOCTL_CHANGER_EXCHANGE_MEDIUM', 0x0008, READ, CHANGER_EXCHANGE_MEDIUM_LENGTH, 0, 'ChangerExchangeMedium');
const moveMedium = changer('IOCTL_CHANGER_MOVE_MEDIUM', 0x0009, READ, CHANGER_MOVE_MEDIUM_LENGTH, 0, 'ChangerMoveMedium');
const reinitializeTransport = changer('IOCTL_CHANGER_REINITIALIZE_TRANSPORT', 0x000a, READ, CHANGER_ELEMENT_LENGTH, 0, 'ChangerReinitializeUnit');
const queryVolumeTags = changer('IOCTL_CHANGER_QUERY_VOLUME_TAGS', 0x000b, READ_WRITE, CHANGER_SEND_VOLUME_TAG_INFORMATION_LENGTH, READ_ELEMENT_ADDRESS_INFO_LENGTH, 'ChangerQueryVolumeTags');

/** The eleven changer codes of §2, in function order (function 3 is unused). */
export const CHANGER_IOCTLS: readonly ChangerIoctlDefinition[] = Object.freeze([
  getParameters,
  getStatus,
  getProductData,
  setAccess,
  getElementStatus,
  initializeElementStatus,
  setPosition,
  exchangeMedium,
  moveMedium,
  reinitializeTransport,
  queryVolumeTags,
]);

export const IOCTL_CHANGER_GET_PARAMETERS = getParameters.code;
export const IOCTL_CHANGER_GET_STATUS = getStatus.code;
export const IOCTL_CHANGER_GET_PRODUCT_DATA = getProductData.code;
export const IOCTL_CHANGER_SET_ACCESS = setAccess.code;
export const IOCTL_CHANGER_GET_ELEMENT_STATUS = getElementStatus.code;
export const IOCTL_CHANGER_INITIALIZE_ELEMENT_STATUS = initializeElementStatus.code;
export const IOCTL_CHANGER_SET_POSITION = setPosition.code;
export const IOCTL_CHANGER_EXCHANGE_MEDIUM = exchangeMedium.code;
export const IOCTL_CHANGER_MOVE_MEDIUM = moveMedium.code;
export const IOCTL_CHANGER_REINITIALIZE_TRANSPORT = reinitializeTransport.code;
export const IOCTL_CHANGER_QUERY_VOLUME_TAGS = queryVolumeTags.code;
