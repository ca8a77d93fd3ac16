/**
 * What a tape drive's log pages say about the threaded tape and the current mount (ssc.md §2.12),
 * all from one view of the tape (DriveUnit.tapeUsage(): capacity, used, remaining, early warning
 * per partition) and the drive's traffic since the load, so 0Ch, 17h and 31h agree with each other,
 * with MAM 0000h/0001h and with where early warning and VOLUME OVERFLOW happen. MB = 10^6 bytes.
 */
import {
  SequentialAccessParameter as S,
  TapeCapacityParameter as C,
  TapeLogPageCode,
  VolumeStatisticsParameter as V,
  asciiParameter,
  buildTapeLogPage,
  counterParameter,
  partitionRecordsParameter,
  type LogParameter,
} from '../../scsi/index.ts';
import { DriveTapeAlert } from '../tapeAlert.ts';
import type { TapeUsage } from '../tape/tapeUsage.ts';
import type { DriveUnit } from './driveUnit.ts';
import { writeProtected } from './tapeWriting.ts';

const MB = 1e6;
/** What mhVTL and drives report in a capacity field with no tape to measure. */
const UNKNOWN = 0xffffffff;

function mb(bytes: number): number {
  return Math.min(UNKNOWN - 1, Math.floor(bytes / MB));
}

/** Page 0Ch: bytes in and out since the load (host and medium sides), room on the tape, cleaning. */
export function sequentialAccessPage(drive: DriveUnit, usage: TapeUsage | undefined): Buffer {
  const t = drive.traffic;
  const flags = drive.tapeAlert.snapshot();
  const cleaning = flags[DriveTapeAlert.CLEAN_NOW - 1] === true || flags[DriveTapeAlert.CLEAN_PERIODIC - 1] === true;
  const partition = usage?.partitions[usage.partitions.length > 1 ? drive.partitionNumber : 0];
  const atHead = partition === undefined ? undefined : drive.partition.usedBytes(drive.position);
  const parameters: LogParameter[] = [
    counterParameter(S.HOST_BYTES_WRITTEN, t.hostBytesWritten, 8),
    counterParameter(S.MEDIUM_BYTES_WRITTEN, t.mediumBytesWritten, 8),
    counterParameter(S.MEDIUM_BYTES_READ, t.mediumBytesRead, 8),
    counterParameter(S.HOST_BYTES_READ, t.hostBytesRead, 8),
    counterParameter(S.NATIVE_MB_BOP_TO_EOD, partition === undefined ? UNKNOWN : mb(partition.usedBytes), 4),
    counterParameter(S.NATIVE_MB_BOP_TO_EARLY_WARNING, partition === undefined ? UNKNOWN : mb(partition.earlyWarningBytes), 4),
    counterParameter(S.NATIVE_MB_EARLY_WARNING_TO_END, partition === undefined ? UNKNOWN : mb(partition.capacityBytes - partition.earlyWarningBytes), 4),
    counterParameter(S.NATIVE_MB_BOP_TO_CURRENT, atHead === undefined ? UNKNOWN : mb(atHead), 4),
    // No write buffer: a WRITE is on the medium when it completes.
    counterParameter(S.BUFFER_MB, 0, 4),
    counterParameter(S.CLEANING_REQUIRED, cleaning ? 1 : 0, 8),
  ];
  return buildTapeLogPage(TapeLogPageCode.SEQUENTIAL_ACCESS_DEVICE, parameters);
}

/** Page 17h of the threaded tape (the caller has checked there is one). */
export function volumeStatisticsPage(drive: DriveUnit, usage: TapeUsage, threadCount: number): Buffer {
  const cartridge = drive.cartridge;
  const label = cartridge.label ?? '';
  const per = (value: (p: TapeUsage['partitions'][number]) => number): { partition: number; value: number }[] =>
    usage.partitions.map((p) => ({ partition: p.partition, value: mb(value(p)) }));
  const parameters: LogParameter[] = [
    counterParameter(V.PAGE_VALID, 1, 1),
    counterParameter(V.THREAD_COUNT, threadCount, 4),
    counterParameter(V.LAST_MOUNT_MB_WRITTEN, mb(drive.traffic.mediumBytesWritten), 4),
    counterParameter(V.LAST_MOUNT_MB_READ, mb(drive.traffic.mediumBytesRead), 4),
    counterParameter(V.TOTAL_NATIVE_CAPACITY_MB, mb(usage.capacityBytes), 4),
    counterParameter(V.USED_NATIVE_CAPACITY_MB, mb(usage.usedBytes), 4),
    asciiParameter(V.VOLUME_SERIAL_NUMBER, label, 32),
    asciiParameter(V.VOLUME_BARCODE, label, 32),
    counterParameter(V.WRITE_PROTECT, writeProtected(drive) ? 1 : 0, 1),
    counterParameter(V.WORM, usage.worm ? 1 : 0, 1),
    partitionRecordsParameter(V.NATIVE_CAPACITY_PER_PARTITION, per((p) => p.capacityBytes)),
    partitionRecordsParameter(V.USED_NATIVE_CAPACITY_PER_PARTITION, per((p) => p.usedBytes)),
    partitionRecordsParameter(V.REMAINING_NATIVE_CAPACITY_PER_PARTITION, per((p) => p.remainingBytes)),
  ];
  return buildTapeLogPage(TapeLogPageCode.VOLUME_STATISTICS, parameters);
}

/** Page 31h: remaining and maximum MB of partitions 0 and 1 (0 for a partition the tape lacks). */
export function tapeCapacityPage(usage: TapeUsage): Buffer {
  const partition = (n: number): TapeUsage['partitions'][number] | undefined => usage.partitions.find((p) => p.partition === n);
  return buildTapeLogPage(TapeLogPageCode.TAPE_CAPACITY, [
    counterParameter(C.PARTITION_0_REMAINING, mb(partition(0)?.remainingBytes ?? 0), 4),
    counterParameter(C.PARTITION_1_REMAINING, mb(partition(1)?.remainingBytes ?? 0), 4),
    counterParameter(C.PARTITION_0_MAXIMUM, mb(partition(0)?.capacityBytes ?? 0), 4),
    counterParameter(C.PARTITION_1_MAXIMUM, mb(partition(1)?.capacityBytes ?? 0), 4),
  ]);
}
