import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/**
 * LOAD UNLOAD (1Bh, SSC-3): thread the tape (LOAD = 1) or rewind and unthread it so a robot can
 * pull the cartridge (LOAD = 0). The same opcode on a changer is OPEN/CLOSE IMPORT/EXPORT ELEMENT.
 */
export interface LoadUnloadCdb {
  immediate: boolean;
  /** HOLD: thread/unthread without moving the cartridge in or out of the drive. */
  hold: boolean;
  /** EOT: unload at the end of the tape rather than rewinding (LOAD must be 0). */
  endOfTape: boolean;
  /** RETEN: wind to the end and back to even the tension. */
  retension: boolean;
  load: boolean;
  control: number;
}

export function buildLoadUnloadCdb(input: CdbInput<LoadUnloadCdb, 'immediate' | 'hold' | 'endOfTape' | 'retension' | 'control'>): Buffer {
  return startCdb(Opcode.LOAD_UNLOAD, 6)
    .uint8(bit(input.immediate, 0))
    .zeros(2)
    .uint8(bit(input.hold, 3) | bit(input.endOfTape, 2) | bit(input.retension, 1) | bit(input.load, 0))
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseLoadUnloadCdb(cdb: Uint8Array): LoadUnloadCdb {
  const r = openCdb(cdb, Opcode.LOAD_UNLOAD, 6, 'LOAD UNLOAD');
  const b1 = r.byteWithReserved(0xfe & ~OBSOLETE_LUN_BITS);
  r.reservedBytes(2);
  const b4 = r.byteWithReserved(0xf0);
  return {
    immediate: isSet(b1, 0),
    hold: isSet(b4, 3),
    endOfTape: isSet(b4, 2),
    retension: isSet(b4, 1),
    load: isSet(b4, 0),
    control: r.uint8(),
  };
}
