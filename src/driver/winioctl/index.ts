/**
 * Byte-exact Windows changer IOCTL buffers (reference windows-changer §2–§3): little-endian
 * encode/decode between the ntddchgr.h / ntddstor.h structures and the driver's model types.
 * Every decoder and encoder throws WinIoctlFormatError and nothing else for bad input.
 */
export { WinIoctlFormatError } from './winIoctlFormatError.ts';
export { LeReader } from './leReader.ts';
export { LeWriter } from './leWriter.ts';

export { ctlCode, parseCtlCode, FileDevice, Method, FileAccess, type CtlCodeParts } from './ctlCode.ts';
export type { IoctlDefinition } from './ioctlDefinition.ts';
export * from './changerIoctls.ts';
export * from './storageIoctls.ts';
export { ioctlByCode, ioctlName } from './ioctlLookup.ts';

export { CHANGER_ELEMENT_LENGTH, encodeChangerElement, decodeChangerElement } from './changerElement.ts';
export { CHANGER_ELEMENT_LIST_LENGTH, encodeChangerElementList, decodeChangerElementList, type ChangerElementList } from './changerElementList.ts';
export { GET_CHANGER_PARAMETERS_LENGTH, encodeGetChangerParameters, decodeGetChangerParameters } from './getChangerParameters.ts';
export {
  CHANGER_PRODUCT_DATA_LENGTH,
  VENDOR_ID_LENGTH,
  PRODUCT_ID_LENGTH,
  REVISION_LENGTH,
  SERIAL_NUMBER_LENGTH,
  encodeChangerProductData,
  decodeChangerProductData,
} from './changerProductData.ts';
export { CHANGER_SET_ACCESS_LENGTH, encodeChangerSetAccess, decodeChangerSetAccess, type SetAccessRequest } from './changerSetAccess.ts';
export { CHANGER_READ_ELEMENT_STATUS_LENGTH, encodeChangerReadElementStatus, decodeChangerReadElementStatus } from './changerReadElementStatus.ts';
export { CHANGER_ELEMENT_STATUS_LENGTH, encodeChangerElementStatus, decodeChangerElementStatus } from './changerElementStatus.ts';
export { CHANGER_ELEMENT_STATUS_EX_LENGTH, encodeChangerElementStatusEx, decodeChangerElementStatusEx } from './changerElementStatusEx.ts';
export { elementStatusStride, encodeElementStatusArray, decodeElementStatusArray, type ElementStatusStride } from './elementStatusArray.ts';
export {
  CHANGER_INITIALIZE_ELEMENT_STATUS_LENGTH,
  encodeChangerInitializeElementStatus,
  decodeChangerInitializeElementStatus,
} from './changerInitializeElementStatus.ts';
export { CHANGER_SET_POSITION_LENGTH, encodeChangerSetPosition, decodeChangerSetPosition } from './changerSetPosition.ts';
export { CHANGER_EXCHANGE_MEDIUM_LENGTH, encodeChangerExchangeMedium, decodeChangerExchangeMedium } from './changerExchangeMedium.ts';
export { CHANGER_MOVE_MEDIUM_LENGTH, encodeChangerMoveMedium, decodeChangerMoveMedium } from './changerMoveMedium.ts';
export {
  CHANGER_SEND_VOLUME_TAG_INFORMATION_LENGTH,
  encodeChangerSendVolumeTagInformation,
  decodeChangerSendVolumeTagInformation,
} from './changerSendVolumeTagInformation.ts';
export {
  READ_ELEMENT_ADDRESS_INFO_LENGTH,
  readElementAddressInfoLength,
  readElementAddressInfoCapacity,
  encodeReadElementAddressInfo,
  decodeReadElementAddressInfo,
} from './readElementAddressInfo.ts';

export { StorageMediaType, DiskMediaType, mediaTypeName } from './storageMediaType.ts';
export { MediaCharacteristics, mediaCharacteristicNames, type MediaCharacteristicName } from './mediaCharacteristics.ts';
export { StorageBusType } from './storageBusType.ts';
export {
  DEVICE_MEDIA_INFO_LENGTH,
  encodeDeviceMediaInfo,
  decodeDeviceMediaInfo,
  type DeviceMediaInfo,
  type DeviceMediaInfoKind,
  type DiskMediaInfo,
  type TapeMediaInfo,
} from './deviceMediaInfo.ts';
export { GET_MEDIA_TYPES_LENGTH, getMediaTypesLength, mediaInfoKind, encodeGetMediaTypes, decodeGetMediaTypes, type GetMediaTypes } from './getMediaTypes.ts';

export { CHANGER_DEVICE_PROBLEM_TYPE_LENGTH, encodeChangerDeviceProblem, decodeChangerDeviceProblem } from './changerDeviceProblem.ts';
export {
  WMI_CHANGER_PARAMETERS_LENGTH,
  WmiChangerGuids,
  wmiChangerParametersOf,
  encodeWmiChangerParameters,
  decodeWmiChangerParameters,
  type WmiChangerParameters,
} from './wmiChangerParameters.ts';
