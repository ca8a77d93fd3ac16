/**
 * What a host sets on a tape drive with MODE SELECT and keeps until it sets it again or the drive
 * is power-cycled: the block size of fixed-block mode (0: variable), data compression (page 0Fh
 * DCE), buffered mode (the mode header's BUFFERED MODE field), and programmable early warning
 * (page 10h PEWS, in MB). The mode pages read and write these; the data path obeys them.
 */
export class DriveSettings {
  /** 0: variable-block mode; otherwise the fixed block length in bytes. */
  blockSize = 0;
  /** Data compression enabled (page 0Fh DCE). LTO drives power on with it enabled. */
  compression = true;
  /** Buffered mode 1: a WRITE may report GOOD before the data is on the medium. */
  bufferedMode = 1;
  /** Programmable early warning size in MB (page 10h); 0: off. */
  programmableEarlyWarningMB = 0;
  /**
   * Partitions MODE SELECT page 11h asked for, in bytes each (undefined: the rest of the tape),
   * applied by the next FORMAT MEDIUM (formats 1 and 2); undefined: none asked for. The tape's
   * present layout is DriveUnit.tape.partitionCount / partitionSizes.
   */
  pendingPartitions: readonly (number | undefined)[] | undefined = undefined;

  /** Power on / cold reset: the drive's defaults. */
  reset(): void {
    this.blockSize = 0;
    this.compression = true;
    this.bufferedMode = 1;
    this.programmableEarlyWarningMB = 0;
    this.pendingPartitions = undefined;
  }
}
