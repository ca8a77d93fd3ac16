/**
 * A tape drive's mode pages (ssc.md §2.10) in the page-control flavours MODE SENSE asks for —
 * current, changeable (a mask: the bits MODE SELECT may change), default — as encoded bytes, and
 * what a changed page means for DriveSettings. The pages are built from the drive's settings and
 * the threaded tape every time, so MODE SENSE, MODE SELECT and the data path never disagree.
 *
 * Changeable: DCE (0Fh), SELECT DATA COMPRESSION ALGORITHM (10h), PEWS (10h/01h), and on 11h the
 * partitions the next FORMAT MEDIUM makes (POFM: the select only records them). The control page
 * keeps D_SENSE 0 (fixed-format sense, which PBS insists on); 1Ch reports TapeAlert by polling
 * only (DEXCPT 1, MRIE 3).
 */
import {
  CONTROL_PAGE_CODE,
  DATA_COMPRESSION_PAGE_CODE,
  DEVICE_CONFIGURATION_EXTENSION_SUBPAGE,
  DEVICE_CONFIGURATION_PAGE_CODE,
  INFORMATIONAL_EXCEPTIONS_CONTROL_PAGE_CODE,
  MEDIUM_CONFIGURATION_PAGE_CODE,
  MEDIUM_PARTITION_PAGE_CODE,
  ModePageControl,
  PartitionSizeUnit,
  controlPage,
  decodeDataCompressionPage,
  decodeDeviceConfigurationExtensionPage,
  decodeDeviceConfigurationPage,
  decodeMediumPartitionPage,
  encodeControlPage,
  encodeDataCompressionPage,
  encodeDeviceConfigurationExtensionPage,
  encodeDeviceConfigurationPage,
  encodeInformationalExceptionsControlPage,
  encodeMediumConfigurationPage,
  encodeMediumPartitionPage,
  type MediumPartitionPage,
} from '../../scsi/index.ts';
import { driveGenerationOf, ltoGeneration } from '../tape/ltoMedia.ts';
import type { DriveSettings } from './driveSettings.ts';
import type { DriveUnit } from './driveUnit.ts';

export interface DriveModePageId {
  readonly pageCode: number;
  /** Present for a sub_page format page. */
  readonly subpageCode?: number;
}

/** In the order MODE SENSE page 3Fh lists them. */
export const DRIVE_MODE_PAGES: readonly DriveModePageId[] = [
  { pageCode: CONTROL_PAGE_CODE },
  { pageCode: DATA_COMPRESSION_PAGE_CODE },
  { pageCode: DEVICE_CONFIGURATION_PAGE_CODE },
  { pageCode: DEVICE_CONFIGURATION_PAGE_CODE, subpageCode: DEVICE_CONFIGURATION_EXTENSION_SUBPAGE },
  { pageCode: MEDIUM_PARTITION_PAGE_CODE },
  { pageCode: INFORMATIONAL_EXCEPTIONS_CONTROL_PAGE_CODE },
  { pageCode: MEDIUM_CONFIGURATION_PAGE_CODE },
];

/** The drive's page with this code and subpage, if it has one. */
export function findDriveModePage(pageCode: number, subpageCode: number | undefined): DriveModePageId | undefined {
  return DRIVE_MODE_PAGES.find((p) => p.pageCode === pageCode && p.subpageCode === subpageCode);
}

/** SDCA / compression algorithm 01h: the drive's default algorithm (LTO-DC). */
const DEFAULT_ALGORITHM = 0x01;
/** MRIE 3: conditionally generate recovered error, never used while DEXCPT = 1. */
const MRIE_CONDITIONAL_RECOVERED_ERROR = 3;
/** Medium format recognition 03h: format and partition recognition. */
const FORMAT_AND_PARTITION_RECOGNITION = 0x03;
/** PARTITION UNITS: powers of ten of PSUM 11b. */
const GIGABYTE_UNITS = 9;
const MEGABYTE_UNITS = 6;

type Flavour = 'current' | 'changeable' | 'default';

function flavourOf(pageControl: number): Flavour {
  if (pageControl === ModePageControl.CHANGEABLE) return 'changeable';
  return pageControl === ModePageControl.DEFAULT ? 'default' : 'current';
}

function compressionOn(settings: DriveSettings, flavour: Flavour): boolean {
  return flavour === 'default' ? true : settings.compression;
}

function dataCompression(settings: DriveSettings, flavour: Flavour): Buffer {
  if (flavour === 'changeable') {
    return encodeDataCompressionPage({ dataCompressionEnable: true, dataCompressionCapable: false, dataDecompressionEnable: false, reportExceptionOnDecompression: 0, compressionAlgorithm: 0, decompressionAlgorithm: 0 });
  }
  return encodeDataCompressionPage({
    dataCompressionEnable: compressionOn(settings, flavour),
    dataCompressionCapable: true,
    dataDecompressionEnable: true,
    reportExceptionOnDecompression: 0,
    compressionAlgorithm: DEFAULT_ALGORITHM,
    decompressionAlgorithm: DEFAULT_ALGORITHM,
  });
}

function deviceConfiguration(drive: DriveUnit, flavour: Flavour): Buffer {
  const settings = drive.settings;
  const changeable = flavour === 'changeable';
  return encodeDeviceConfigurationPage({
    changeActiveFormat: false,
    activeFormat: 0,
    activePartition: flavour === 'current' && drive.readiness() === 'ready' ? drive.partitionNumber : 0,
    writeObjectBufferFullRatio: 0,
    readObjectBufferEmptyRatio: 0,
    writeDelayTime: 0,
    objectBufferRecovery: false,
    // LOIS: block numbers count logical objects (blocks and filemarks), as READ POSITION reports them.
    logicalObjectIdentifiersSupported: !changeable,
    reportSetmarks: false,
    automaticVelocityControl: false,
    stopOnConsecutiveFilemarks: 0,
    recoverBufferOrder: false,
    reportEarlyWarning: false,
    gapSize: 0,
    eodDefined: 0,
    enableEodGeneration: !changeable,
    synchronizeAtEarlyWarning: !changeable,
    softwareWriteProtection: false,
    blockAddressModeLock: false,
    blockAddressMode: false,
    objectBufferSizeAtEarlyWarning: 0,
    selectDataCompressionAlgorithm: changeable ? 0xff : compressionOn(settings, flavour) ? DEFAULT_ALGORITHM : 0,
    writeTrapezoidReadEnable: 0,
    onlyIfReserved: false,
    rewindOnReset: 0,
    associatedWriteProtection: false,
    persistentWriteProtection: false,
    permanentWriteProtection: false,
  });
}

function deviceConfigurationExtension(settings: DriveSettings, flavour: Flavour): Buffer {
  return encodeDeviceConfigurationExtensionPage({
    programmableEarlyWarningUnits: 0,
    tapeAlertRespectParameterFields: false,
    tapeAlertSelectEventRecording: false,
    tapeAlertRespectPageControl: false,
    tapeAlertPrefixLogSenseDefault: false,
    writeMode: 0,
    shortEraseMode: 0,
    programmableEarlyWarningSize: flavour === 'changeable' ? 0xffff : flavour === 'default' ? 0 : settings.programmableEarlyWarningMB,
    encryptionControls: 0,
  });
}

/**
 * Partition sizes in 10^9 bytes as LTFS writes them, or in 10^6 bytes when a partition is
 * smaller than that (a profile's small test capacity); FFFEh at most (FFFFh means "the rest").
 */
function partitionSizes(capacities: readonly number[]): { units: number; sizes: number[] } {
  const units = capacities.every((bytes) => bytes >= 1e9) ? GIGABYTE_UNITS : MEGABYTE_UNITS;
  return { units, sizes: capacities.map((bytes) => Math.min(0xfffe, Math.floor(bytes / 10 ** units))) };
}

/** Two partitions from LTO-5 on (what LTFS needs); earlier generations have one. */
export function maximumAdditionalPartitions(drive: DriveUnit): number {
  const generation = driveGenerationOf(drive.identity.product);
  return generation !== undefined && generation >= 5 ? 1 : 0;
}

function mediumPartition(drive: DriveUnit, flavour: Flavour): Buffer {
  const generation = driveGenerationOf(drive.identity.product);
  const maximum = maximumAdditionalPartitions(drive);
  if (flavour === 'changeable') {
    // What a select may ask for (checked field by field in modeSelect.ts, not by this mask alone).
    return encodeMediumPartitionPage({
      maximumAdditionalPartitions: 0,
      additionalPartitionsDefined: 0xff,
      fixedDataPartitions: true,
      selectDataPartitions: false,
      initiatorDefinedPartitions: true,
      // Every PSUM value (2-bit mask).
      partitionSizeUnitOfMeasure: 0x03,
      partitionOnFormat: false,
      clear: false,
      addPartition: false,
      mediumFormatRecognition: 0,
      partitioningType: 0,
      partitionUnits: 0x0f,
      partitionSizes: new Array<number>(maximum + 1).fill(0xffff),
    });
  }
  const usage = flavour === 'current' ? drive.tapeUsage() : undefined;
  const native = usage?.capacityBytes ?? (generation === undefined ? 0 : (ltoGeneration(generation)?.nativeCapacity ?? 0));
  const { units, sizes } = partitionSizes(usage === undefined ? [native] : usage.partitions.map((p) => p.capacityBytes));
  return encodeMediumPartitionPage({
    maximumAdditionalPartitions: maximum,
    additionalPartitionsDefined: sizes.length - 1,
    fixedDataPartitions: false,
    selectDataPartitions: false,
    initiatorDefinedPartitions: sizes.length > 1,
    partitionSizeUnitOfMeasure: PartitionSizeUnit.POWER_OF_TEN,
    partitionOnFormat: true,
    clear: false,
    addPartition: false,
    mediumFormatRecognition: FORMAT_AND_PARTITION_RECOGNITION,
    partitioningType: 0,
    partitionUnits: units,
    partitionSizes: sizes,
  });
}

function informationalExceptions(flavour: Flavour): Buffer {
  const changeable = flavour === 'changeable';
  return encodeInformationalExceptionsControlPage({
    performance: false,
    enableBackgroundFunction: false,
    enableWarning: false,
    disableExceptionControl: !changeable,
    test: false,
    logErrors: false,
    methodOfReporting: changeable ? 0 : MRIE_CONDITIONAL_RECOVERED_ERROR,
    intervalTimer: 0,
    reportCount: 0,
  });
}

function mediumConfiguration(drive: DriveUnit, flavour: Flavour): Buffer {
  const worm = flavour === 'current' && drive.readiness() === 'ready' && drive.cartridge.kind === 'worm';
  return encodeMediumConfigurationPage({ wormMode: worm, wormModeLabelRestrictions: worm ? 1 : 0, wormModeFilemarkRestrictions: worm ? 1 : 0 });
}

/** The page as `pageControl` asks (the caller has refused SAVED: this drive saves nothing). */
export function driveModePage(drive: DriveUnit, page: DriveModePageId, pageControl: number): Buffer {
  const flavour = flavourOf(pageControl);
  switch (page.pageCode) {
    case DATA_COMPRESSION_PAGE_CODE:
      return dataCompression(drive.settings, flavour);
    case DEVICE_CONFIGURATION_PAGE_CODE:
      return page.subpageCode === undefined ? deviceConfiguration(drive, flavour) : deviceConfigurationExtension(drive.settings, flavour);
    case MEDIUM_PARTITION_PAGE_CODE:
      return mediumPartition(drive, flavour);
    case INFORMATIONAL_EXCEPTIONS_CONTROL_PAGE_CODE:
      return informationalExceptions(flavour);
    case MEDIUM_CONFIGURATION_PAGE_CODE:
      return mediumConfiguration(drive, flavour);
    default:
      // Control page: nothing changeable; D_SENSE stays 0.
      return encodeControlPage(controlPage());
  }
}

/** What an accepted page (already merged with the current values) sets. */
export function applyDriveModePage(settings: DriveSettings, page: DriveModePageId, bytes: Buffer): void {
  if (page.pageCode === DATA_COMPRESSION_PAGE_CODE) {
    settings.compression = decodeDataCompressionPage(bytes).dataCompressionEnable;
  } else if (page.pageCode === DEVICE_CONFIGURATION_PAGE_CODE && page.subpageCode === undefined) {
    settings.compression = decodeDeviceConfigurationPage(bytes).selectDataCompressionAlgorithm !== 0;
  } else if (page.pageCode === DEVICE_CONFIGURATION_PAGE_CODE) {
    settings.programmableEarlyWarningMB = decodeDeviceConfigurationExtensionPage(bytes).programmableEarlyWarningSize;
  } else if (page.pageCode === MEDIUM_PARTITION_PAGE_CODE) {
    settings.pendingPartitions = requestedPartitions(decodeMediumPartitionPage(bytes));
  }
}

/** Bytes per unit of a medium partition page's sizes (PSUM; KB and MB are decimal, as SSC counts them). */
function partitionSizeUnit(page: MediumPartitionPage): number {
  return [1, 1e3, 1e6][page.partitionSizeUnitOfMeasure] ?? 10 ** page.partitionUnits;
}

/** The layout a checked page 11h asks for: bytes per partition, undefined = the rest (FFFFh). */
function requestedPartitions(page: MediumPartitionPage): (number | undefined)[] {
  if (page.fixedDataPartitions || page.additionalPartitionsDefined === 0) return [undefined];
  const unit = partitionSizeUnit(page);
  return page.partitionSizes.slice(0, page.additionalPartitionsDefined + 1).map((size) => (size === 0xffff ? undefined : size * unit));
}
