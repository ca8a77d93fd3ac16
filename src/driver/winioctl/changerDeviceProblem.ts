import { DeviceProblem } from '../requests.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/**
 * CHANGER_DEVICE_PROBLEM_TYPE, a 4-byte enum (§3.15). It is also the whole of the
 * WMI_CHANGER_PROBLEM_DEVICE_ERROR block that ChangerPerformDiagnostics fills.
 */
export const CHANGER_DEVICE_PROBLEM_TYPE_LENGTH = 4;

const STRUCTURE = 'CHANGER_DEVICE_PROBLEM_TYPE';

function isDeviceProblem(v: number): v is DeviceProblem {
  return Number.isInteger(v) && v >= DeviceProblem.None && v <= DeviceProblem.DriveError;
}

export function encodeChangerDeviceProblem(problem: DeviceProblem): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_DEVICE_PROBLEM_TYPE_LENGTH);
  if (!isDeviceProblem(problem)) throw w.invalid('ChangerProblemType', `${problem} is not a device problem type (0–13)`);
  w.u32(problem, 'ChangerProblemType');
  return w.finish();
}

export function decodeChangerDeviceProblem(bytes: Uint8Array): DeviceProblem {
  requireLength(STRUCTURE, bytes, CHANGER_DEVICE_PROBLEM_TYPE_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  const problem = r.u32();
  if (!isDeviceProblem(problem)) throw r.invalid('ChangerProblemType', `${problem} is not a device problem type (0–13)`);
  return problem;
}
