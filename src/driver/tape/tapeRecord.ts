import type { ChangerError } from '../../shared/changerError.ts';
import type { ScsiResult } from '../../scsi/device.ts';
import { ScsiStatus } from '../../scsi/status.ts';
import { parseTapeSense, type TapeSense } from './tapeSense.ts';

/** What one READ gives: a record, a filemark (the end of a file), or the end of what was written. */
export type TapeRecord =
  | { readonly kind: 'data'; readonly bytes: Uint8Array; /** Longer than bytes.length when the record did not fit. */ readonly recordLength: number }
  | { readonly kind: 'filemark' }
  | { readonly kind: 'end-of-data' };

const NO_SENSE = 0x0;
const BLANK_CHECK = 0x8;

/**
 * A READ(6) answer in variable mode. A shorter record comes back GOOD (with a residual) or, when
 * SILI is zero, as NO SENSE with ILI; a longer one as NO SENSE with ILI and its first bytes. The
 * INFORMATION residue's sign differs between devices in the wild, so which case it is follows
 * from how many bytes arrived, and only the residue's size is trusted.
 */
export function readAnswer(result: ScsiResult, maxBytes: number, fail: (sense: TapeSense | undefined) => ChangerError): TapeRecord {
  if (result.status === ScsiStatus.GOOD) return data(result.dataIn, result.dataIn.length);
  const sense = result.status === ScsiStatus.CHECK_CONDITION ? parseTapeSense(result.sense) : undefined;
  if (sense === undefined) throw fail(sense);
  if (sense.key === BLANK_CHECK) return { kind: 'end-of-data' };
  if (sense.key === NO_SENSE && (sense.filemark || (sense.asc === 0x00 && sense.ascq === 0x01))) return { kind: 'filemark' };
  if (sense.key === NO_SENSE && sense.incorrectLength) {
    const arrived = result.dataIn.length;
    const longer = arrived >= maxBytes && sense.information !== undefined && sense.information !== 0;
    return data(result.dataIn, longer ? maxBytes + Math.abs(sense.information as number) : arrived);
  }
  throw fail(sense);
}

function data(bytes: Uint8Array, recordLength: number): TapeRecord {
  return { kind: 'data', bytes, recordLength };
}
