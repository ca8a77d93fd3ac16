/**
 * WRITE ATTRIBUTE of a tape drive (MAM, ssc.md §2.13): host attributes of the partition named,
 * kept in the cartridge memory and saved with the library's state, so they follow the cartridge
 * to any drive and across restarts. Every attribute of the list is checked before any is kept:
 * a device (read-only) or unknown identifier, a format or length other than the attribute's
 * own, is 05/26/00 pointing at that field; a text or ASCII value shorter than its attribute is
 * padded (spaces, NULs) as drives store them; length 0 removes the attribute; a list that does
 * not fit the memory is 05/55/06.
 */
import {
  AttributeFormat,
  Opcode,
  SENSE,
  SenseKey,
  attributeDefinition,
  findSenseText,
  parseWriteAttributeCdb,
  parseWriteAttributeParameters,
  senseFor,
  type MamAttribute,
} from '../../../scsi/index.ts';
import { attributeKey } from '../../cartridgeMemory.ts';
import { CheckCondition } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import type { DriveUnit } from '../driveUnit.ts';
import { MAM_CAPACITY, hostAttributeBytes } from '../mediumAttributes.ts';

/** SPC 55/06: auxiliary memory out of space. */
const AUXILIARY_MEMORY_OUT_OF_SPACE = Object.freeze({ senseKey: SenseKey.ILLEGAL_REQUEST, asc: 0x55, ascq: 0x06, text: findSenseText(0x55, 0x06) ?? 'Auxiliary memory out of space' });
/** Host attribute identifiers: standard 0800h–0BFFh, vendor-specific 1400h–17FFh (LTFS's 1623h). */
const HOST_RANGES: readonly [number, number][] = [
  [0x0800, 0x0bff],
  [0x1400, 0x17ff],
];
/** The longest value kept for an identifier no standard sizes. */
const MAX_UNSIZED_LENGTH = 1024;

/** The value to keep (padded), after checking the attribute at list offset `at`. */
function checked(a: MamAttribute, at: number): Buffer {
  const d = attributeDefinition(a.identifier);
  const host = HOST_RANGES.some(([low, high]) => a.identifier >= low && a.identifier <= high);
  if (!host) throw new CheckCondition(invalidField(false, at));
  if (d !== undefined && a.value.length > 0 && a.format !== d.format) throw new CheckCondition(invalidField(false, at + 2, 1));
  const length = d?.length ?? MAX_UNSIZED_LENGTH;
  if (a.value.length > length || (d?.length !== undefined && d.format === AttributeFormat.BINARY && a.value.length !== 0 && a.value.length !== length)) {
    throw new CheckCondition(invalidField(false, at + 3));
  }
  if (d?.length === undefined || a.value.length === 0 || a.value.length === length) return a.value;
  return Buffer.concat([a.value, Buffer.alloc(length - a.value.length, d.format === AttributeFormat.ASCII ? 0x20 : 0x00)]);
}

function write(drive: DriveUnit, partition: number, attributes: readonly MamAttribute[]): void {
  const memory = drive.cartridge.mam;
  const kept = new Map(memory.hostAttributes);
  let at = 4;
  for (const a of attributes) {
    const value = checked(a, at);
    const key = attributeKey(partition, a.identifier);
    if (value.length === 0) kept.delete(key);
    else kept.set(key, new Uint8Array(value));
    at += 5 + a.value.length;
  }
  if (hostAttributeBytes(kept) > MAM_CAPACITY) throw new CheckCondition(senseFor(AUXILIARY_MEMORY_OUT_OF_SPACE));
  memory.hostAttributes.clear();
  for (const [key, value] of kept) memory.hostAttributes.set(key, value);
  drive.library.commit();
}

export const writeAttribute: DriveCommandSpec = {
  opcode: Opcode.WRITE_ATTRIBUTE,
  name: 'WRITE ATTRIBUTE',
  cdbLength: 16,
  parse: parseWriteAttributeCdb,
  access: 'write',
  needsReady: true,
  run({ cdb, dataOut, drive }) {
    const c = parseWriteAttributeCdb(cdb);
    const usage = drive.tapeUsage();
    if (usage === undefined) throw new CheckCondition(drive.notReadySense() ?? invalidField(true, 0));
    if (c.logicalVolumeNumber !== 0) throw new CheckCondition(invalidField(true, 5));
    if (c.partitionNumber >= usage.partitions.length) throw new CheckCondition(invalidField(true, 7));
    if (c.parameterListLength === 0) return;
    if (dataOut.length < c.parameterListLength) throw new CheckCondition(senseFor(SENSE.PARAMETER_LIST_LENGTH_ERROR));
    write(drive, c.partitionNumber, parseWriteAttributeParameters(dataOut.subarray(0, c.parameterListLength)));
  },
};
