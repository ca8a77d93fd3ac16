/**
 * Device Configuration mode page 10h of a tape drive (ssc.md §2.10, page length 0Eh): the active
 * partition, buffer ratios, early-warning and EOD behaviour, and SELECT DATA COMPRESSION
 * ALGORITHM (byte 14: 00h none, 01h default).
 */
import { field, flag, isOn, openSscModePage, startSscModePage } from './sscModePageCodec.ts';

export const DEVICE_CONFIGURATION_PAGE_CODE = 0x10;
const PAGE_LENGTH = 0x0e;

export interface DeviceConfigurationPage {
  /** CAF: change active format. */
  changeActiveFormat: boolean;
  activeFormat: number;
  activePartition: number;
  writeObjectBufferFullRatio: number;
  readObjectBufferEmptyRatio: number;
  /** 100 ms units. */
  writeDelayTime: number;
  /** Byte 8: OBR, LOIS, RSMK, AVC, SOCF (2 bits), ROBO, REW. */
  objectBufferRecovery: boolean;
  logicalObjectIdentifiersSupported: boolean;
  reportSetmarks: boolean;
  automaticVelocityControl: boolean;
  stopOnConsecutiveFilemarks: number;
  recoverBufferOrder: boolean;
  reportEarlyWarning: boolean;
  gapSize: number;
  /** Byte 10: EOD DEFINED (3 bits), EEG, SEW, SWP, BAML, BAM. */
  eodDefined: number;
  enableEodGeneration: boolean;
  synchronizeAtEarlyWarning: boolean;
  softwareWriteProtection: boolean;
  blockAddressModeLock: boolean;
  blockAddressMode: boolean;
  objectBufferSizeAtEarlyWarning: number;
  selectDataCompressionAlgorithm: number;
  /** Byte 15: WTRE (2 bits), OIR, REWIND ON RESET (2 bits), ASOCWP, PERSWP, PRMWP. */
  writeTrapezoidReadEnable: number;
  onlyIfReserved: boolean;
  rewindOnReset: number;
  associatedWriteProtection: boolean;
  persistentWriteProtection: boolean;
  permanentWriteProtection: boolean;
}

export function encodeDeviceConfigurationPage(p: DeviceConfigurationPage): Buffer {
  return startSscModePage(DEVICE_CONFIGURATION_PAGE_CODE, PAGE_LENGTH)
    .uint8(flag(p.changeActiveFormat, 5) | field(p.activeFormat, 5, 'active format'))
    .uint8(p.activePartition)
    .uint8(p.writeObjectBufferFullRatio)
    .uint8(p.readObjectBufferEmptyRatio)
    .uint16(p.writeDelayTime)
    .uint8(
      flag(p.objectBufferRecovery, 7) |
        flag(p.logicalObjectIdentifiersSupported, 6) |
        flag(p.reportSetmarks, 5) |
        flag(p.automaticVelocityControl, 4) |
        (field(p.stopOnConsecutiveFilemarks, 2, 'SOCF') << 2) |
        flag(p.recoverBufferOrder, 1) |
        flag(p.reportEarlyWarning, 0),
    )
    .uint8(p.gapSize)
    .uint8(
      (field(p.eodDefined, 3, 'EOD defined') << 5) |
        flag(p.enableEodGeneration, 4) |
        flag(p.synchronizeAtEarlyWarning, 3) |
        flag(p.softwareWriteProtection, 2) |
        flag(p.blockAddressModeLock, 1) |
        flag(p.blockAddressMode, 0),
    )
    .uint24(p.objectBufferSizeAtEarlyWarning)
    .uint8(p.selectDataCompressionAlgorithm)
    .uint8(
      (field(p.writeTrapezoidReadEnable, 2, 'WTRE') << 6) |
        flag(p.onlyIfReserved, 5) |
        (field(p.rewindOnReset, 2, 'rewind on reset') << 3) |
        flag(p.associatedWriteProtection, 2) |
        flag(p.persistentWriteProtection, 1) |
        flag(p.permanentWriteProtection, 0),
    )
    .toBuffer();
}

export function decodeDeviceConfigurationPage(bytes: Uint8Array): DeviceConfigurationPage {
  const r = openSscModePage(bytes, 'device configuration mode page', DEVICE_CONFIGURATION_PAGE_CODE, PAGE_LENGTH);
  const b2 = r.uint8();
  const activePartition = r.uint8();
  const writeObjectBufferFullRatio = r.uint8();
  const readObjectBufferEmptyRatio = r.uint8();
  const writeDelayTime = r.uint16();
  const b8 = r.uint8();
  const gapSize = r.uint8();
  const b10 = r.uint8();
  const objectBufferSizeAtEarlyWarning = r.uint24();
  const selectDataCompressionAlgorithm = r.uint8();
  const b15 = r.uint8();
  return {
    changeActiveFormat: isOn(b2, 5),
    activeFormat: b2 & 0x1f,
    activePartition,
    writeObjectBufferFullRatio,
    readObjectBufferEmptyRatio,
    writeDelayTime,
    objectBufferRecovery: isOn(b8, 7),
    logicalObjectIdentifiersSupported: isOn(b8, 6),
    reportSetmarks: isOn(b8, 5),
    automaticVelocityControl: isOn(b8, 4),
    stopOnConsecutiveFilemarks: (b8 >> 2) & 0x03,
    recoverBufferOrder: isOn(b8, 1),
    reportEarlyWarning: isOn(b8, 0),
    gapSize,
    eodDefined: b10 >> 5,
    enableEodGeneration: isOn(b10, 4),
    synchronizeAtEarlyWarning: isOn(b10, 3),
    softwareWriteProtection: isOn(b10, 2),
    blockAddressModeLock: isOn(b10, 1),
    blockAddressMode: isOn(b10, 0),
    objectBufferSizeAtEarlyWarning,
    selectDataCompressionAlgorithm,
    writeTrapezoidReadEnable: b15 >> 6,
    onlyIfReserved: isOn(b15, 5),
    rewindOnReset: (b15 >> 3) & 0x03,
    associatedWriteProtection: isOn(b15, 2),
    persistentWriteProtection: isOn(b15, 1),
    permanentWriteProtection: isOn(b15, 0),
  };
}
