import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/**
 * PREVENT ALLOW MEDIUM REMOVAL (1Eh). On a changer it locks operator access (door, mailslot),
 * not robot moves. PREVENT values 2 and 3 (SPC's obsolete persistent prevent) are refused.
 */
export interface PreventAllowMediumRemovalCdb {
  prevent: boolean;
  control: number;
}

export function buildPreventAllowMediumRemovalCdb(input: CdbInput<PreventAllowMediumRemovalCdb, 'control'>): Buffer {
  return startCdb(Opcode.PREVENT_ALLOW_MEDIUM_REMOVAL, 6)
    .zeros(3)
    .uint8(input.prevent ? 1 : 0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parsePreventAllowMediumRemovalCdb(cdb: Uint8Array): PreventAllowMediumRemovalCdb {
  const r = openCdb(cdb, Opcode.PREVENT_ALLOW_MEDIUM_REMOVAL, 6);
  r.byteWithReserved(0xff & ~OBSOLETE_LUN_BITS);
  r.reservedBytes(2);
  const prevent = r.byteWithReserved(0xfc);
  if (prevent > 1) throw r.error(`PREVENT value ${prevent} is obsolete`, 4, 1);
  return { prevent: prevent === 1, control: r.uint8() };
}
