import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { opcodeName } from '../opcodes.ts';

/**
 * What every CDB codec shares. Conventions (kept by every file in cdb/):
 * - A CDB longer than its command is accepted and the tail ignored: iSCSI always carries 16 CDB
 *   bytes, zero-padded. A shorter one is a field error at byte 0 (the opcode implies the length).
 * - Reserved bits and bytes must be zero; a value that is reserved in every context (an action
 *   code no standard defines) is an error too. Values whose validity depends on device state
 *   (an element address, a page the device lacks) are left to the device.
 * - Bits 7–5 of byte 1 in SCSI-2-era commands are the obsolete LUN field: ignored, never an error,
 *   because Linux `ch` still fills them in for SCSI-2 devices.
 * - Every CDB object carries its CONTROL byte verbatim (mtx puts `eepos` in its vendor bits).
 */

/** Builder input: the CDB type with the listed fields optional (they default to zero/false). */
export type CdbInput<T, Optional extends keyof T> = Omit<T, Optional> & Partial<Pick<T, Optional>>;

/** Mask for byte 1 of SCSI-2-era CDBs: the obsolete LUN bits 7–5 are not checked. */
export const OBSOLETE_LUN_BITS = 0xe0;

/** "TEST UNIT READY CDB" …, made once per command name: every CDB parsed names its structure. */
const STRUCTURE_NAMES = new Map<string, string>();

function structureName(name: string): string {
  let structure = STRUCTURE_NAMES.get(name);
  if (structure === undefined) {
    structure = `${name} CDB`;
    STRUCTURE_NAMES.set(name, structure);
  }
  return structure;
}

/** A reader positioned at byte 1, after checking the length and the operation code. */
export function openCdb(cdb: Uint8Array, opcode: number, length: number, name = opcodeName(opcode)): BufferReader {
  const r = new BufferReader(cdb, structureName(name), 'cdb');
  if (cdb.length < length) throw r.error(`${cdb.length}-byte CDB is shorter than the ${length} bytes this command needs`, 0);
  const actual = r.uint8();
  if (actual !== opcode) throw r.error(`operation code ${hex(actual)} is not ${hex(opcode)}`, 0);
  return r;
}

export function startCdb(opcode: number, length: number): BufferWriter {
  return new BufferWriter(length).uint8(opcode);
}

export function bit(value: boolean | undefined, position: number): number {
  return value === true ? 1 << position : 0;
}

export function isSet(byte: number, position: number): boolean {
  return (byte & (1 << position)) !== 0;
}

/** Checks a small field of a typed object before it is packed into a few bits. */
export function fits(value: number, bits: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= 1 << bits) throw new RangeError(`${what} does not fit in ${bits} bits: ${value}`);
  return value;
}

export function hex(value: number): string {
  return `${value.toString(16).toUpperCase().padStart(2, '0')}h`;
}
