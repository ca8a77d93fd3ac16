import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import { PersistentReservationType } from '../cdb/persistentReserveOut.ts';

/**
 * PERSISTENT RESERVE IN, REPORT CAPABILITIES (SPC-4 6.16.4): 0–1 length (0008h); byte 2 bit 7
 * RLR_C, bit 4 CRH, bit 3 SIP_C, bit 2 ATP_C, bit 0 PTPL_C; byte 3 bit 7 TMV, bits 6–4 ALLOW
 * COMMANDS, bit 0 PTPL_A; 4–5 the persistent reservation type mask; 6–7 reserved.
 */
export interface ReportCapabilitiesData {
  /** RLR_C: may replace a reservation lost to a power loss. */
  replaceLostReservationCapable: boolean;
  /** CRH: SPC-2 RESERVE and RELEASE follow the compatible-reservation rules while PR is in use. */
  compatibleReservationHandling: boolean;
  /** SIP_C: REGISTER accepts SPEC_I_PT = 1. */
  specifyInitiatorPortsCapable: boolean;
  /** ATP_C: REGISTER accepts ALL_TG_PT = 1. */
  allTargetPortsCapable: boolean;
  /** PTPL_C: APTPL = 1 is supported. */
  persistThroughPowerLossCapable: boolean;
  /** TMV: the type mask is valid. */
  typeMaskValid: boolean;
  /** ALLOW COMMANDS (0–7): what passes a Write Exclusive / Exclusive Access reservation. */
  allowCommands: number;
  /** PTPL_A: the last APTPL asked for was 1. */
  persistThroughPowerLossActivated: boolean;
  /** Reservation TYPE values the device supports. */
  types: number[];
}

export const REPORT_CAPABILITIES_LENGTH = 8;

const STRUCTURE = 'REPORT CAPABILITIES data';
const T = PersistentReservationType;

/** Each type's bit in the 16-bit type mask (bytes 4–5): WR_EX_AR 8000h … EX_AC_AR 0001h. */
const TYPE_MASK_BITS: ReadonlyMap<number, number> = new Map([
  [T.WRITE_EXCLUSIVE_ALL_REGISTRANTS, 0x8000],
  [T.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY, 0x4000],
  [T.WRITE_EXCLUSIVE_REGISTRANTS_ONLY, 0x2000],
  [T.EXCLUSIVE_ACCESS, 0x0800],
  [T.WRITE_EXCLUSIVE, 0x0200],
  [T.EXCLUSIVE_ACCESS_ALL_REGISTRANTS, 0x0001],
]);
const RESERVED_MASK_BITS = 0x15fe;

export function buildReportCapabilitiesData(data: ReportCapabilitiesData): Buffer {
  if (!Number.isInteger(data.allowCommands) || data.allowCommands < 0 || data.allowCommands > 7) throw new RangeError('ALLOW COMMANDS is a 3-bit field');
  let mask = 0;
  for (const type of data.types) {
    const bit = TYPE_MASK_BITS.get(type);
    if (bit === undefined) throw new RangeError(`reservation type ${type} has no bit in the type mask`);
    mask |= bit;
  }
  return new BufferWriter(REPORT_CAPABILITIES_LENGTH)
    .uint16(REPORT_CAPABILITIES_LENGTH)
    .uint8(flag(data.replaceLostReservationCapable, 7) | flag(data.compatibleReservationHandling, 4) | flag(data.specifyInitiatorPortsCapable, 3) |
      flag(data.allTargetPortsCapable, 2) | flag(data.persistThroughPowerLossCapable, 0))
    .uint8(flag(data.typeMaskValid, 7) | (data.allowCommands << 4) | flag(data.persistThroughPowerLossActivated, 0))
    .uint16(mask)
    .zeros(2)
    .toBuffer();
}

export function parseReportCapabilitiesData(bytes: Uint8Array): ReportCapabilitiesData {
  if (bytes.length < REPORT_CAPABILITIES_LENGTH) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is shorter than its 8 bytes`, 'data');
  const r = new BufferReader(bytes, STRUCTURE);
  const length = r.uint16();
  if (length !== REPORT_CAPABILITIES_LENGTH) throw r.error(`length ${length} is not 8`, 0);
  const b2 = r.uint8();
  const b3 = r.uint8();
  const mask = r.uint16();
  if ((mask & RESERVED_MASK_BITS) !== 0) throw r.error(`type mask ${mask.toString(16)}h sets reserved bits`, 4);
  return {
    replaceLostReservationCapable: isSet(b2, 7),
    compatibleReservationHandling: isSet(b2, 4),
    specifyInitiatorPortsCapable: isSet(b2, 3),
    allTargetPortsCapable: isSet(b2, 2),
    persistThroughPowerLossCapable: isSet(b2, 0),
    typeMaskValid: isSet(b3, 7),
    allowCommands: (b3 >> 4) & 0x7,
    persistThroughPowerLossActivated: isSet(b3, 0),
    types: [...TYPE_MASK_BITS].filter(([, bit]) => (mask & bit) !== 0).map(([type]) => type).sort((a, b) => a - b),
  };
}

function flag(on: boolean, bit: number): number {
  return on ? 1 << bit : 0;
}

function isSet(byte: number, bit: number): boolean {
  return ((byte >> bit) & 1) === 1;
}
