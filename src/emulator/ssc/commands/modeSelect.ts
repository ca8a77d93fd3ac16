/**
 * MODE SELECT(6)/(10) of a tape drive: the block descriptor sets the block length (`mt setblk N`,
 * 0 = variable) and may name a density the drive knows (00h and 7Fh: keep the current one); the
 * header sets BUFFERED MODE; pages may change only the bits their changeable mask has (DCE,
 * SDCA, PEWS), everything else must come back as MODE SENSE reported it; page 11h records the
 * partitions the next FORMAT MEDIUM makes. Every field is checked
 * before anything is applied, and a wrong one is 05/26/00 with the field pointer (C/D = 0) at its
 * byte and bit in the parameter list. SP = 1 is 05/24/00: LTO drives save no pages. Other
 * initiators then hear 06/2A/01 (SPC: mode parameters changed) when something did change.
 */
import {
  MEDIUM_PARTITION_PAGE_CODE,
  ModePageControl,
  Opcode,
  SENSE,
  SHORT_BLOCK_DESCRIPTOR_LENGTH,
  highestBit,
  modePageSpans,
  parseModeSelect10Cdb,
  parseModeSelect6Cdb,
  senseFor,
  type ModePageSpan,
} from '../../../scsi/index.ts';
import { CheckCondition } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import { driveGenerationOf, LTO_GENERATIONS } from '../../tape/ltoMedia.ts';
import type { DriveContext, DriveCommandSpec } from '../driveCommand.ts';
import { applyDriveModePage, driveModePage, findDriveModePage, maximumAdditionalPartitions, type DriveModePageId } from '../driveModePages.ts';
import type { DriveUnit } from '../driveUnit.ts';
import { BUFFERED_MODE_SHIFT, MAX_BUFFERED_MODE, currentDensity } from '../modeHeader.ts';
import { LTO_BLOCK_LIMITS } from './readBlockLimits.ts';

/** Density 7Fh in MODE SELECT: no change (as 00h, the default). */
const DENSITY_NO_CHANGE = 0x7f;

/** What a valid parameter list asks for, applied only once all of it has been checked. */
interface Selection {
  bufferedMode: number;
  blockSize: number | undefined;
  pages: { page: DriveModePageId; bytes: Buffer }[];
}

function parameterError(byte: number, bit?: number): CheckCondition {
  return new CheckCondition(invalidField(false, byte, bit));
}

/** Densities this drive reads or writes: its generation and the two before it (ssc.md §4). */
function knownDensity(drive: DriveUnit, density: number): boolean {
  if (density === 0 || density === DENSITY_NO_CHANGE || density === currentDensity(drive)) return true;
  const generation = driveGenerationOf(drive.identity.product);
  return generation !== undefined && LTO_GENERATIONS.some((g) => g.density === density && g.generation <= generation && g.generation >= generation - 2);
}

function checkBlockDescriptor(drive: DriveUnit, list: Uint8Array, at: number): number {
  if (!knownDensity(drive, list[at]!)) throw parameterError(at);
  const blocks = (list[at + 1]! << 16) | (list[at + 2]! << 8) | list[at + 3]!;
  if (blocks !== 0) throw parameterError(at + 1);
  if (list[at + 4] !== 0) throw parameterError(at + 4, highestBit(list[at + 4]!));
  const blockLength = (list[at + 5]! << 16) | (list[at + 6]! << 8) | list[at + 7]!;
  if (blockLength !== 0 && (blockLength < LTO_BLOCK_LIMITS.minimumBlockLength || blockLength > LTO_BLOCK_LIMITS.maximumBlockLength)) throw parameterError(at + 5);
  return blockLength;
}

/**
 * Page 11h as st's `mt mkpartition` and mkltfs send it: the length may grow by a size per
 * partition, so it is checked field by field rather than against a mask. FDP, or no additional
 * partition, asks for one; IDP for the sizes given (FFFFh: the rest). SDP, CLEAR and ADDP are not
 * offered. Sizes are whole units of PSUM (bytes, KB, MB, or 10^PARTITION UNITS).
 */
function checkMediumPartitionPage(drive: DriveUnit, span: ModePageSpan): Buffer {
  const at = span.offset;
  const bytes = span.bytes;
  const length = bytes[1]!;
  if (length < 6 || (length - 6) % 2 !== 0) throw parameterError(at + 1);
  const maximum = maximumAdditionalPartitions(drive);
  if (bytes[2] !== maximum) throw parameterError(at + 2);
  const additional = bytes[3]!;
  if (additional > maximum) throw parameterError(at + 3);
  const flags = bytes[4]!;
  const unsupported = flags & 0x43;
  if (unsupported !== 0) throw parameterError(at + 4, highestBit(unsupported));
  const idp = (flags & 0x20) !== 0 && (flags & 0x80) === 0;
  if (idp && additional > 0) {
    if ((length - 6) / 2 < additional + 1) throw parameterError(at + 1);
    for (let i = 0; i <= additional; i++) if (bytes.readUInt16BE(8 + 2 * i) === 0) throw parameterError(at + 8 + 2 * i);
  }
  return bytes;
}

/** The page merged into the current one, after checking every bit outside the changeable mask. */
function checkPage(drive: DriveUnit, span: ModePageSpan): { page: DriveModePageId; bytes: Buffer } {
  const page = findDriveModePage(span.pageCode, span.subpageCode);
  if (page === undefined) throw parameterError(span.offset, 5);
  if (page.pageCode === MEDIUM_PARTITION_PAGE_CODE) return { page, bytes: checkMediumPartitionPage(drive, span) };
  const current = driveModePage(drive, page, ModePageControl.CURRENT);
  const changeable = driveModePage(drive, page, ModePageControl.CHANGEABLE);
  if (span.bytes.length !== current.length) throw parameterError(span.offset + (span.subpageCode === undefined ? 1 : 2));
  const merged = Buffer.from(current);
  for (let i = span.headerLength; i < current.length; i++) {
    const mask = changeable[i]!;
    const differs = (span.bytes[i]! ^ current[i]!) & ~mask & 0xff;
    if (differs !== 0) throw parameterError(span.offset + i, highestBit(differs));
    merged[i] = (current[i]! & ~mask) | (span.bytes[i]! & mask);
  }
  return { page, bytes: merged };
}

function check(drive: DriveUnit, list: Uint8Array, cdbLength: 6 | 10, pageFormat: boolean): Selection {
  const headerLength = cdbLength === 6 ? 4 : 8;
  if (list.length < headerLength) throw new CheckCondition(senseFor(SENSE.PARAMETER_LIST_LENGTH_ERROR));
  const specificAt = cdbLength === 6 ? 2 : 3;
  const specific = list[specificAt]!;
  const bufferedMode = (specific >> BUFFERED_MODE_SHIFT) & 0x07;
  if (bufferedMode > MAX_BUFFERED_MODE) throw parameterError(specificAt, 6);
  // SPEED: this drive has one speed (0 = default). WP is the tab's, not the host's, so it is ignored.
  if ((specific & 0x0f) !== 0) throw parameterError(specificAt, highestBit(specific & 0x0f));
  if (cdbLength === 10 && (list[4]! & 0x01) !== 0) throw parameterError(4, 0);
  const descriptorLengthAt = cdbLength === 6 ? 3 : 6;
  const descriptorLength = cdbLength === 6 ? list[3]! : (list[6]! << 8) | list[7]!;
  if (descriptorLength !== 0 && descriptorLength !== SHORT_BLOCK_DESCRIPTOR_LENGTH) throw parameterError(descriptorLengthAt + (cdbLength === 6 ? 0 : 1));
  if (headerLength + descriptorLength > list.length) throw new CheckCondition(senseFor(SENSE.PARAMETER_LIST_LENGTH_ERROR));
  const blockSize = descriptorLength === 0 ? undefined : checkBlockDescriptor(drive, list, headerLength);
  const spans = modePageSpans(list, headerLength + descriptorLength, `MODE SELECT(${cdbLength}) parameter list`);
  if (spans.length > 0 && !pageFormat) throw new CheckCondition(invalidField(true, 1, 4));
  return { bufferedMode, blockSize, pages: spans.map((span) => checkPage(drive, span)) };
}

/** Applies a checked selection; true when any setting changed. */
function apply(drive: DriveUnit, selection: Selection): boolean {
  const settings = drive.settings;
  const before = JSON.stringify(settings);
  settings.bufferedMode = selection.bufferedMode;
  if (selection.blockSize !== undefined) settings.blockSize = selection.blockSize;
  for (const { page, bytes } of selection.pages) applyDriveModePage(settings, page, bytes);
  return JSON.stringify(settings) !== before;
}

function select({ cdb, dataOut, drive, nexus }: DriveContext, cdbLength: 6 | 10): void {
  const c = cdbLength === 6 ? parseModeSelect6Cdb(cdb) : parseModeSelect10Cdb(cdb);
  if (c.savePages) throw new CheckCondition(invalidField(true, 1, 0));
  if (c.parameterListLength === 0) return;
  if (dataOut.length < c.parameterListLength) throw new CheckCondition(senseFor(SENSE.PARAMETER_LIST_LENGTH_ERROR));
  const selection = check(drive, dataOut.subarray(0, c.parameterListLength), cdbLength, c.pageFormat);
  if (apply(drive, selection)) drive.attentions.broadcast('mode-parameters-changed', nexus.initiator);
}

export const driveModeSelect6: DriveCommandSpec = {
  opcode: Opcode.MODE_SELECT_6,
  name: 'MODE SELECT(6)',
  cdbLength: 6,
  parse: parseModeSelect6Cdb,
  access: 'write',
  run: (context) => select(context, 6),
};

export const driveModeSelect10: DriveCommandSpec = {
  opcode: Opcode.MODE_SELECT_10,
  name: 'MODE SELECT(10)',
  cdbLength: 10,
  parse: parseModeSelect10Cdb,
  access: 'write',
  run: (context) => select(context, 10),
};
