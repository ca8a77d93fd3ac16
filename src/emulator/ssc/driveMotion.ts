/**
 * How long the tape takes to move, on the library's clock (real, scaled or virtual, and nothing at
 * all for instant libraries), from the profile's tapeMotion: REWIND, LOCATE and SPACE take the
 * share of a full-length wind that the distance travelled is of the partition; READ and WRITE are
 * held to the drive's data rate when the profile sets one. Without tapeMotion nothing waits, and
 * the commands stay synchronous.
 */
import type { DriveUnit } from './driveUnit.ts';

/** Waits shorter than this are carried over to the next transfer (timers are not that fine). */
const SMALLEST_WAIT_MS = 5;

/** Where the head is, in recorded bytes from the beginning of its partition. */
function headBytes(drive: DriveUnit): number {
  return drive.partition.usedBytes(drive.position);
}

/**
 * Runs a positioning command's `move` (which may end in CHECK CONDITION), then waits for the
 * tape to travel as far as the head went — the sense, if any, comes after the wait.
 */
export function travel(drive: DriveUnit, move: () => void): Promise<void> | void {
  const motion = drive.library.profile.tapeMotion;
  if (motion === undefined || motion.fullTapeTravelMs === 0) return move();
  const partitionBefore = drive.partitionNumber;
  const before = headBytes(drive);
  let failure: unknown;
  try {
    move();
  } catch (error) {
    failure = error;
  }
  // Changing partition winds back to the beginning first.
  const distance = drive.partitionNumber === partitionBefore ? Math.abs(headBytes(drive) - before) : before + headBytes(drive);
  const capacity = Math.max(1, drive.partition.capacityBytes);
  const ms = (motion.fullTapeTravelMs * Math.min(distance, capacity)) / capacity;
  return drive.library.wait(ms).then(() => {
    if (failure !== undefined) throw failure;
  });
}

/** Holds a transfer of `bytes` to the profile's data rate (token bucket on the library's clock). */
export function stream<T>(drive: DriveUnit, bytes: number, result: T): Promise<T> | T {
  const rate = drive.library.profile.tapeMotion?.dataRateMBps;
  if (rate === undefined) return result;
  const owed = drive.owe((bytes / (rate * 1e6)) * 1000);
  if (owed < SMALLEST_WAIT_MS) return result;
  drive.owe(-owed);
  return drive.library.wait(owed).then(() => result);
}
