import { isChangerError } from '../../shared/changerError.ts';
import { MtxFatal, ownLine } from './mtxFatal.ts';
import { formatRequestSense } from './requestSenseText.ts';

/**
 * A failed device command the mtx way: the Request Sense block when the device answered with
 * sense data, then mtx's line for the command. Anything that is not a ChangerError is a bug
 * and is not dressed up as a device failure.
 */
export function commandFailure(e: unknown, line: string): MtxFatal {
  return new MtxFatal(failureDetail(e) + `${line}\n`);
}

/** What precedes mtx's line: the sense block, or changer-mtx's one-line reason without sense. */
export function failureDetail(e: unknown): string {
  if (!isChangerError(e)) throw e;
  return e.sense !== undefined ? formatRequestSense(e.sense) : ownLine(e.message);
}
