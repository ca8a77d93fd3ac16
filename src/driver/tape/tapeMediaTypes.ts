import { buildModeSense6Cdb } from '../../scsi/cdb/modeSense6.ts';
import { parseModeParameterList } from '../../scsi/mode/modeParameterList.ts';
import { parseDensitySupportData, type DensitySupportDescriptor } from '../../scsi/ssc/densitySupportData.ts';
import { buildReportDensitySupportCdb } from '../../scsi/ssc/reportDensitySupport.ts';
import { buildTestUnitReadyCdb } from '../../scsi/cdb/testUnitReady.ts';
import { FileDevice } from '../winioctl/ctlCode.ts';
import type { TapeMediaInfo } from '../winioctl/deviceMediaInfo.ts';
import type { GetMediaTypes } from '../winioctl/getMediaTypes.ts';
import { MediaCharacteristics } from '../winioctl/mediaCharacteristics.ts';
import { DiskMediaType, StorageMediaType } from '../winioctl/storageMediaType.ts';
import type { TapeCommandRunner } from './tapeCommandRunner.ts';
import { readinessFrom } from './tapeReadiness.ts';

/** Room for 32 density descriptors of 52 bytes after the 4-byte header: more than any drive lists. */
const DENSITY_ALLOCATION = 4 + 32 * 52;
/** Mode parameter header (6) and one short block descriptor, no page: what Linux st reads too. */
const MODE_HEADER_AND_DESCRIPTOR = 12;
const NO_PAGE = 0x00;
/** WP, bit 7 of the device-specific parameter of a sequential-access device's mode header. */
const WRITE_PROTECT = 0x80;

/** What the drive says about the cartridge it holds, when it holds one. */
interface LoadedMedium {
  readonly densityCode: number;
  readonly scsiMediumType: number;
  readonly blockLength: number;
  readonly writeProtected: boolean;
}

/**
 * IOCTL_STORAGE_GET_MEDIA_TYPES_EX for a tape drive (reference windows-changer §2.1, §3.16): one
 * DEVICE_MEDIA_INFO per density the drive reports in REPORT DENSITY SUPPORT (MEDIA = 0), READ_WRITE
 * where it writes that density (WRTOK) and READ_ONLY where it only reads it. With a cartridge
 * threaded, REPORT DENSITY SUPPORT with MEDIA = 1 names the cartridge's density, and that entry
 * is CURRENTLY_MOUNTED — how RSM learns what the drive holds — with the medium type, block size
 * and write protection of MODE SENSE. A density names its STORAGE_MEDIA_TYPE by its assigning
 * organization: LTO-CVE is LTO_Ultrium; anything else has no type this model knows (0).
 */
export async function readTapeMediaTypes(runner: TapeCommandRunner, timeoutMs: number, busType: number): Promise<GetMediaTypes> {
  const densities = uniqueByCode(await reportDensities(runner, timeoutMs, false));
  const loaded = await loadedMedium(runner, timeoutMs);
  const entries = densities.map((d) => entryOf(d, busType, loaded !== undefined && loaded.densityCode === d.primaryDensityCode ? loaded : undefined));
  // A cartridge the drive cannot read at all still is what it holds.
  if (loaded !== undefined && !densities.some((d) => d.primaryDensityCode === loaded.densityCode)) entries.push(foreignEntry(loaded, busType));
  return { deviceType: FileDevice.TAPE, mediaInfo: entries };
}

async function reportDensities(runner: TapeCommandRunner, timeoutMs: number, media: boolean): Promise<DensitySupportDescriptor[]> {
  const name = `REPORT DENSITY SUPPORT (MEDIA=${media ? 1 : 0})`;
  const cdb = buildReportDensitySupportCdb({ media, allocationLength: DENSITY_ALLOCATION });
  const result = await runner.run({ name, cdb, timeoutMs, dataInLength: DENSITY_ALLOCATION }, { consumeAttentions: true });
  return parseDensitySupportData(result.dataIn).descriptors;
}

/** Undefined when no cartridge is threaded (TEST UNIT READY is not GOOD). */
async function loadedMedium(runner: TapeCommandRunner, timeoutMs: number): Promise<LoadedMedium | undefined> {
  const ready = readinessFrom(await runner.sendPastAttentions({ name: 'TEST UNIT READY', cdb: buildTestUnitReadyCdb(), timeoutMs }));
  if (ready !== 'ready') return undefined;
  const [medium] = await reportDensities(runner, timeoutMs, true);
  const cdb = buildModeSense6Cdb({ pageCode: NO_PAGE, allocationLength: MODE_HEADER_AND_DESCRIPTOR });
  const sensed = await runner.run({ name: 'MODE SENSE(6)', cdb, timeoutMs, dataInLength: MODE_HEADER_AND_DESCRIPTOR }, { consumeAttentions: true });
  const mode = parseModeParameterList(sensed.dataIn, { cdbLength: 6, purpose: 'sense' });
  const descriptor = mode.blockDescriptors[0];
  return {
    densityCode: medium?.primaryDensityCode ?? descriptor?.densityCode ?? 0,
    scsiMediumType: mode.mediumType,
    blockLength: descriptor?.blockLength ?? 0,
    writeProtected: (mode.deviceSpecificParameter & WRITE_PROTECT) !== 0,
  };
}

/** Drives list a density once per descriptor; DUP marks a density another descriptor also names. */
function uniqueByCode(descriptors: readonly DensitySupportDescriptor[]): DensitySupportDescriptor[] {
  const seen = new Set<number>();
  return descriptors.filter((d) => !seen.has(d.primaryDensityCode) && seen.add(d.primaryDensityCode));
}

function storageMediaTypeOf(d: DensitySupportDescriptor): number {
  return d.assigningOrganization.trim() === 'LTO-CVE' ? StorageMediaType.LTO_Ultrium : DiskMediaType.Unknown;
}

function entryOf(d: DensitySupportDescriptor, busType: number, loaded: LoadedMedium | undefined): TapeMediaInfo {
  let characteristics: number = d.writeOk ? MediaCharacteristics.READ_WRITE : MediaCharacteristics.READ_ONLY;
  if (loaded !== undefined) {
    characteristics |= MediaCharacteristics.CURRENTLY_MOUNTED;
    if (loaded.writeProtected) characteristics |= MediaCharacteristics.WRITE_PROTECTED;
  }
  return {
    kind: 'tape',
    mediaType: storageMediaTypeOf(d),
    mediaCharacteristics: characteristics >>> 0,
    currentBlockSize: loaded?.blockLength ?? 0,
    busType,
    scsiMediumType: loaded?.scsiMediumType ?? 0,
    scsiDensityCode: d.primaryDensityCode,
  };
}

function foreignEntry(loaded: LoadedMedium, busType: number): TapeMediaInfo {
  return {
    kind: 'tape',
    mediaType: DiskMediaType.Unknown,
    mediaCharacteristics: MediaCharacteristics.CURRENTLY_MOUNTED >>> 0,
    currentBlockSize: loaded.blockLength,
    busType,
    scsiMediumType: loaded.scsiMediumType,
    scsiDensityCode: loaded.densityCode,
  };
}
