/**
 * A cartridge's tape as a drive sees it: one or two partitions, the room each has, where early
 * warning is, and FORMAT MEDIUM. Capacity comes from the barcode's media ID (ltoMedia.ts) unless
 * the profile gives every cartridge less (tapeCapacityBytes, so tests reach the end quickly).
 *
 * Early warning sits a fixed share before each partition's end (1/32, at most 2 GiB: real LTO
 * drives leave several GB after it, mhVTL 2 MiB); writes and filemarks are still accepted past it
 * so a host can close its file, and only the physical end refuses (VOLUME OVERFLOW). Filemarks
 * take no room, so the closing filemark of a tape written to its very end still fits.
 */
import type { LtoGeneration } from './ltoMedia.ts';
import { TapeStorageError } from './recordStorage.ts';
import type { TapePartition } from './tapePartition.ts';
import { tapeUsageOf, type PartitionUsage, type TapeUsage } from './tapeUsage.ts';

const EARLY_WARNING_SHARE = 1 / 32;
const EARLY_WARNING_MAX_BYTES = 2 * 1024 ** 3;
const MB = 1e6;

/** LTO-5 and later record two partitions (what LTFS needs). */
export const MAX_PARTITIONS = 2;

/** Opens partition `number` of this cartridge; `fresh`: start it empty with `capacityBytes` (0: the whole tape). */
export type PartitionOpener = (number: number, capacityBytes: number, fresh: boolean) => TapePartition;

export interface CartridgeTapeSpec {
  readonly label: string | null;
  readonly lto: LtoGeneration | undefined;
  readonly worm: boolean;
  readonly capacityBytes: number;
  /** The files of a FORMAT: the old ones moved aside before the new ones are made, then dropped or put back. */
  readonly formatFiles: FormatFiles;
}

export interface FormatFiles {
  /** The partitions' files make room for new ones (they stay open, and whole). */
  readonly setAside: () => void;
  /** The new partitions are open: the old files go. */
  readonly commit: () => void;
  /** Opening the new ones failed: the new files go, the old ones come back. */
  readonly restore: () => void;
}

function earlyWarningDistance(capacityBytes: number): number {
  return Math.min(Math.floor(capacityBytes * EARLY_WARNING_SHARE), EARLY_WARNING_MAX_BYTES);
}

export class CartridgeTape {
  readonly label: string | null;
  readonly lto: LtoGeneration | undefined;
  readonly worm: boolean;
  readonly capacityBytes: number;
  readonly #open: PartitionOpener;
  readonly #formatFiles: FormatFiles;
  #partitions: TapePartition[];

  constructor(spec: CartridgeTapeSpec, open: PartitionOpener, partitions: TapePartition[]) {
    this.label = spec.label;
    this.lto = spec.lto;
    this.worm = spec.worm;
    this.capacityBytes = spec.capacityBytes;
    this.#open = open;
    this.#formatFiles = spec.formatFiles;
    this.#partitions = partitions;
  }

  get partitionCount(): number {
    return this.#partitions.length;
  }

  /** Bytes of each partition (MODE SENSE page 11h). */
  get partitionSizes(): number[] {
    return this.#partitions.map((p) => p.capacityBytes);
  }

  partition(number: number): TapePartition {
    const partition = this.#partitions[number];
    if (partition === undefined) throw new RangeError(`the tape has no partition ${number}`);
    return partition;
  }

  /** Room used (compressed bytes) where early warning is reported from, in partition `number`. */
  earlyWarningBytes(number: number): number {
    const capacity = this.partition(number).capacityBytes;
    return capacity - earlyWarningDistance(capacity);
  }

  /** Programmable early warning: `pewMB` before early warning; undefined when off. */
  programmableEarlyWarningBytes(number: number, pewMB: number): number | undefined {
    if (pewMB <= 0) return undefined;
    return Math.max(0, this.earlyWarningBytes(number) - pewMB * MB);
  }

  /**
   * FORMAT MEDIUM (and SET CAPACITY): the whole tape erased and laid out anew. `sizes` are the
   * partitions' bytes; the last one may be undefined for "the rest". One partition of the whole
   * tape by default; one partition of a given size is a tape shortened by SET CAPACITY. The new
   * partitions are made before the old ones are let go: a FORMAT the host disk refuses
   * (TapeStorageError: no room for a new file, no permission) leaves the tape as it was.
   */
  format(sizes: readonly (number | undefined)[] = [undefined]): void {
    if (sizes.length < 1 || sizes.length > MAX_PARTITIONS) throw new RangeError(`a tape has 1 to ${MAX_PARTITIONS} partitions, not ${sizes.length}`);
    const fixed = sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
    if (fixed > this.capacityBytes) throw new RangeError(`partitions of ${fixed} bytes do not fit a ${this.capacityBytes}-byte tape`);
    const rest = this.capacityBytes - fixed;
    // One partition of the whole tape is recorded as 0 ("whole"), so a profile's capacity applies.
    const whole = sizes.length === 1 && sizes[0] === undefined;
    const formatted: TapePartition[] = [];
    try {
      this.#formatFiles.setAside();
      for (const [number, size] of sizes.entries()) formatted.push(this.#open(number, whole ? 0 : (size ?? rest), true));
    } catch (error) {
      for (const partition of formatted) partition.close();
      this.#formatFiles.restore();
      if (error instanceof TapeStorageError) throw error;
      const disk = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'disk-full' : 'write-failed';
      throw new TapeStorageError(disk, `cannot format the tape: ${(error as Error).message}`, { cause: error });
    }
    for (const partition of this.#partitions) partition.close();
    this.#partitions = formatted;
    this.#formatFiles.commit();
  }

  usage(pewMB: number): TapeUsage {
    const partitions = this.#partitions.map((p, number): PartitionUsage => {
      const used = p.usedBytes();
      return {
        partition: number,
        capacityBytes: p.capacityBytes,
        usedBytes: used,
        remainingBytes: Math.max(0, p.capacityBytes - used),
        earlyWarningBytes: this.earlyWarningBytes(number),
        programmableEarlyWarningBytes: this.programmableEarlyWarningBytes(number, pewMB),
        uncompressedBytes: p.hostBytes,
        objects: p.objects,
        filemarks: p.index.filemarkCount,
      };
    });
    return tapeUsageOf({
      nativeCapacityBytes: this.lto?.nativeCapacity ?? 0,
      capacityBytes: this.capacityBytes,
      density: this.lto?.density ?? 0,
      worm: this.worm,
      partitions,
    });
  }

  /** Everything written is on stable storage (WRITE FILEMARKS, unload, close). */
  sync(): void {
    for (const partition of this.#partitions) partition.sync();
  }

  /** The same without holding up the process (WRITE FILEMARKS: other drives keep streaming meanwhile). */
  async flush(): Promise<void> {
    await Promise.all(this.#partitions.map((p) => p.flush()));
  }

  close(): void {
    for (const partition of this.#partitions) partition.close();
  }
}
