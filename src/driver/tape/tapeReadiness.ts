import type { ScsiResult } from '../../scsi/device.ts';
import { ScsiStatus } from '../../scsi/status.ts';
import { parseTapeSense } from './tapeSense.ts';

/** What TEST UNIT READY says about a drive, in the words a manager waits on. */
export type TapeReadiness = 'ready' | 'no-medium' | 'becoming-ready' | 'cleaning' | 'not-ready';

const NOT_READY = 0x2;

/**
 * GOOD is ready; NOT READY is told apart by its ASC/ASCQ (3Ah no cartridge, 04/01 loading,
 * 30/03 cleaning cartridge, anything else not ready). Undefined for any other answer: that is a
 * failure of the command, not a readiness state.
 */
export function readinessFrom(result: ScsiResult): TapeReadiness | undefined {
  if (result.status === ScsiStatus.GOOD) return 'ready';
  if (result.status !== ScsiStatus.CHECK_CONDITION) return undefined;
  const sense = parseTapeSense(result.sense);
  if (sense === undefined || sense.key !== NOT_READY) return undefined;
  if (sense.asc === 0x3a) return 'no-medium';
  if (sense.asc === 0x04 && sense.ascq === 0x01) return 'becoming-ready';
  if (sense.asc === 0x30 && sense.ascq === 0x03) return 'cleaning';
  return 'not-ready';
}
