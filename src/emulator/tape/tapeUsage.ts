/**
 * What a loaded tape's pages report about room on it (LOG SENSE 0Ch/17h/31h, READ ATTRIBUTE
 * 0000h–0004h, REPORT DENSITY SUPPORT): a read-only snapshot, so the pages never reach into the
 * store and always agree with where early warning and VOLUME OVERFLOW actually happen.
 *
 * All sizes are bytes. "On tape" sizes are after compression (what fills the medium); "host"
 * sizes are what the initiators sent or received. Get one with DriveUnit.tapeUsage().
 */

export interface PartitionUsage {
  /** 0 for the only partition (or the first of two). */
  readonly partition: number;
  /** Where the physical end of this partition is: writes beyond it meet VOLUME OVERFLOW. */
  readonly capacityBytes: number;
  /** Bytes recorded from the beginning of the partition to end of data (compressed size). */
  readonly usedBytes: number;
  /** capacityBytes − usedBytes (never below 0). */
  readonly remainingBytes: number;
  /** Used-bytes position of early warning (0/00/02 with EOM on every write beyond it). */
  readonly earlyWarningBytes: number;
  /** Used-bytes position of programmable early warning (0/00/07); undefined when PEW is off. */
  readonly programmableEarlyWarningBytes: number | undefined;
  /** The same data as the host sent it (before compression). */
  readonly uncompressedBytes: number;
  /** Logical objects (blocks and filemarks) from the beginning of the partition to end of data. */
  readonly objects: number;
  readonly filemarks: number;
}

export interface TapeUsage {
  /** The cartridge's native capacity by its media ID (ltoMedia.ts); 0 when the label names none. */
  readonly nativeCapacityBytes: number;
  /** What this library gives the cartridge: native, or the profile's smaller tapeCapacityBytes. */
  readonly capacityBytes: number;
  /** Density code of the recorded format (mode block descriptor, MAM 0405h). */
  readonly density: number;
  readonly worm: boolean;
  readonly partitions: readonly PartitionUsage[];
  /** Sums over the partitions. */
  readonly usedBytes: number;
  readonly remainingBytes: number;
  readonly uncompressedBytes: number;
}

/**
 * What the drive moved since the cartridge was loaded (log page 0Ch, 17h "this mount"), host side
 * and medium side; reset at every load.
 */
export interface DriveTraffic {
  readonly hostBytesWritten: number;
  readonly mediumBytesWritten: number;
  readonly hostBytesRead: number;
  readonly mediumBytesRead: number;
}

/** The sums a TapeUsage carries, from its partitions. */
export function tapeUsageOf(base: Omit<TapeUsage, 'usedBytes' | 'remainingBytes' | 'uncompressedBytes'>): TapeUsage {
  let usedBytes = 0;
  let remainingBytes = 0;
  let uncompressedBytes = 0;
  for (const p of base.partitions) {
    usedBytes += p.usedBytes;
    remainingBytes += p.remainingBytes;
    uncompressedBytes += p.uncompressedBytes;
  }
  return { ...base, usedBytes, remainingBytes, uncompressedBytes };
}
