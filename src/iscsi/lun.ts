/**
 * SAM LUN field encoding for the 8-byte LUN of iSCSI PDUs and REPORT LUNS. Single-level
 * addressing only: peripheral device addressing for LUNs below 256 (what Linux, Windows and
 * libiscsi send for small LUNs) and flat space addressing up to 16383.
 */

export const MAX_LUN = 0x3fff;

/** Fields of LUNs 0–255 (peripheral addressing), made once: every command carries one. */
const PERIPHERAL_FIELDS: readonly bigint[] = Array.from({ length: 256 }, (_, lun) => BigInt(lun) << 48n);

export function encodeLun(lun: number): bigint {
  if (!Number.isInteger(lun) || lun < 0 || lun > MAX_LUN) throw new RangeError(`LUN ${lun} is outside 0..${MAX_LUN}`);
  if (lun < 256) return PERIPHERAL_FIELDS[lun] as bigint;
  return BigInt(0x4000 | lun) << 48n;
}

/** The last field decoded: an initiator sends the same LUN field command after command, and BigInt arithmetic is not free. */
let lastField: bigint | undefined;
let lastLun: number | undefined;

/** The LUN number, or undefined when the field uses an addressing this target does not serve. */
export function decodeLun(field: bigint): number | undefined {
  if (field === lastField) return lastLun;
  const lun = decodeLunField(field);
  lastField = field;
  lastLun = lun;
  return lun;
}

function decodeLunField(field: bigint): number | undefined {
  if ((field & 0xffff_ffff_ffffn) !== 0n) return undefined; // a second level: not a single-level LUN
  const firstLevel = Number(field >> 48n);
  const method = firstLevel >> 14;
  if (method === 0) return (firstLevel >> 8) === 0 ? firstLevel & 0xff : undefined; // bus number must be 0
  if (method === 1) return firstLevel & MAX_LUN;
  return undefined;
}

export function lunBytes(field: bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(field);
  return out;
}
