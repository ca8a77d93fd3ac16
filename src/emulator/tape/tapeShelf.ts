/**
 * Where a library keeps its cartridges' tapes: with a library directory, each partition of each
 * cartridge in its own file (`<dir>/tapes/<id>[-<barcode>].p<N>.tape`, recordFormat.ts), opened
 * and checked the first time a drive needs it and kept open until the library closes; without one
 * (test and instant libraries), in memory with the same behaviour. One disk quota covers every file.
 */
import { chmodSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Cartridge } from '../cartridge.ts';
import type { Profile } from '../profile.ts';
import { FILEMARK, record, type TapeEntry } from '../tapeContents.ts';
import { CartridgeTape, MAX_PARTITIONS, type FormatFiles, type PartitionOpener } from './cartridgeTape.ts';
import { DiskQuota } from './diskQuota.ts';
import { FileRecordStorage, tighten } from './fileRecordStorage.ts';
import { driveGenerationOf, ltoGeneration, ltoMediumOf, type LtoGeneration } from './ltoMedia.ts';
import { MemoryRecordStorage } from './recordStorage.ts';
import { TapeIndex } from './tapeIndex.ts';
import { TapePartition } from './tapePartition.ts';

const TAPES_DIRECTORY = 'tapes';
/** Only the library's own user may list or open its tape files (each file is 0600 too). */
const TAPES_DIRECTORY_MODE = 0o700;
/** Tapes kept open at once (well above any library's drive count). */
export const OPEN_TAPES_MAX = 64;
/** Capacity of a cartridge whose label names no LTO medium and whose drives name no generation: LTO-5's. */
const FALLBACK_GENERATION = 5;

/** What a tape file's loading found, for the library's log. */
export interface TapeRecovery {
  readonly cartridge: string;
  readonly partition: number;
  readonly tornBytes: number;
  readonly damaged: boolean;
}

/**
 * A tape file whose data could not be made durable: its fsync failed, and Linux may then have
 * dropped what the failed fsync was to write (a later one succeeds without it).
 */
export interface TapeSyncFailure {
  readonly cartridge: string;
  /** 'unload': at UNLOAD (the host heard 03/0C/00); 'closed': closed to keep at most OPEN_TAPES_MAX open. */
  readonly when: 'unload' | 'closed';
  readonly message: string;
}

export class TapeShelf {
  /** Null: in memory. */
  readonly directory: string | null;
  readonly quota: DiskQuota;
  readonly #profile: Profile;
  readonly #tapes = new Map<number, CartridgeTape>();
  /** The cartridge last asked for: the last entry of #tapes. */
  #mostRecent: number | undefined;
  readonly #recoveryListeners: ((recovery: TapeRecovery) => void)[] = [];
  readonly #syncFailureListeners: ((failure: TapeSyncFailure) => void)[] = [];

  private constructor(profile: Profile, directory: string | null, quota: DiskQuota) {
    this.#profile = profile;
    this.directory = directory;
    this.quota = quota;
  }

  static inMemory(profile: Profile): TapeShelf {
    return new TapeShelf(profile, null, new DiskQuota(profile.tapeQuotaBytes));
  }

  /** The shelf of a library directory; the quota starts with what its tape files already take. */
  static inDirectory(profile: Profile, libraryDirectory: string): TapeShelf {
    const directory = join(libraryDirectory, TAPES_DIRECTORY);
    mkdirSync(directory, { recursive: true, mode: TAPES_DIRECTORY_MODE });
    // A directory made before tapes were private is made so now.
    if ((statSync(directory).mode & 0o777) !== TAPES_DIRECTORY_MODE) tighten(() => chmodSync(directory, TAPES_DIRECTORY_MODE));
    let used = 0;
    for (const name of readdirSync(directory)) if (name.endsWith('.tape')) used += statSync(join(directory, name)).size;
    return new TapeShelf(profile, directory, new DiskQuota(profile.tapeQuotaBytes, used));
  }

  /** Hears of torn tails cut and damage found when a tape file is loaded. */
  onRecovery(listener: (recovery: TapeRecovery) => void): void {
    this.#recoveryListeners.push(listener);
  }

  /** Hears of tape files whose data could not be made durable. */
  onSyncFailure(listener: (failure: TapeSyncFailure) => void): void {
    this.#syncFailureListeners.push(listener);
  }

  /** Tells the listeners that `cartridge`'s tape could not be made durable (`error`: why). */
  syncFailed(cartridge: Pick<Cartridge, 'id' | 'label'>, when: TapeSyncFailure['when'], error: unknown): void {
    const failure = { cartridge: cartridge.label ?? `#${cartridge.id}`, when, message: (error as Error).message };
    for (const listener of this.#syncFailureListeners) listener(failure);
  }

  /**
   * The tape of `cartridge`, loaded (and checked) on first use. Tape files stay open while used;
   * beyond OPEN_TAPES_MAX the least recently used one is synced and closed (and reloaded if it is
   * needed again), so a library of thousands of cartridges never runs out of file descriptors.
   */
  tapeOf(cartridge: Cartridge): CartridgeTape {
    const tape = this.#tapes.get(cartridge.id);
    if (tape !== undefined) {
      // Most recently used last (Map keeps insertion order): an O(1) LRU. A drive streaming asks
      // many times per command for the tape it used last: that one is already in place.
      if (this.directory !== null && cartridge.id !== this.#mostRecent) {
        this.#mostRecent = cartridge.id;
        this.#tapes.delete(cartridge.id);
        this.#tapes.set(cartridge.id, tape);
      }
      return tape;
    }
    const loaded = this.#load(cartridge);
    this.#tapes.set(cartridge.id, loaded);
    this.#mostRecent = cartridge.id;
    if (this.directory !== null && this.#tapes.size > OPEN_TAPES_MAX) this.#closeLeastRecentlyUsed();
    return loaded;
  }

  #closeLeastRecentlyUsed(): void {
    const [id, tape] = this.#tapes.entries().next().value as [number, CartridgeTape];
    this.#tapes.delete(id);
    try {
      tape.sync();
    } catch (error) {
      // No host is waiting on this tape: the operator hears it; the file is reloaded (and checked) when next needed.
      this.syncFailed({ id, label: tape.label }, 'closed', error);
    } finally {
      tape.close();
    }
  }

  /** What the library gives a cartridge of this label. */
  capacityOf(label: string | null): { lto: LtoGeneration | undefined; capacityBytes: number } {
    const lto = ltoMediumOf(label)?.lto ?? this.#driveGeneration();
    return { lto, capacityBytes: this.#profile.tapeCapacityBytes ?? lto?.nativeCapacity ?? 0 };
  }

  /**
   * Replaces the cartridge's tape with `entries` in one partition, durably: the volume label of a
   * cartridge the operator brings, or the contents of a state file written before tapes had files.
   */
  write(cartridge: Cartridge, entries: readonly TapeEntry[]): void {
    const tape = this.tapeOf(cartridge);
    if (tape.partitionCount !== 1) tape.format();
    const partition = tape.partition(0);
    partition.truncate(0);
    let marks = 0;
    for (const entry of entries) {
      if (entry.kind === 'filemark') {
        marks++;
        continue;
      }
      if (marks > 0) partition.appendFilemarks(marks);
      marks = 0;
      partition.appendRecord(entry.bytes);
    }
    if (marks > 0) partition.appendFilemarks(marks);
    partition.sync();
  }

  /** Partition `number` of the cartridge's tape as a list (diagnostics and tests; reads every record). */
  contents(cartridge: Cartridge, number = 0): TapeEntry[] {
    const partition = this.tapeOf(cartridge).partition(number);
    const entries: TapeEntry[] = [];
    for (let i = 0; i < partition.objects; i++) {
      if (partition.index.isFilemark(i)) {
        entries.push(FILEMARK);
        continue;
      }
      const bytes = partition.read(i);
      entries.push(record(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    }
    return entries;
  }

  /** Everything written reaches stable storage and every file is closed; the first failure is thrown once all are closed. */
  close(): void {
    let failure: unknown;
    for (const tape of this.#tapes.values()) {
      try {
        tape.sync();
      } catch (error) {
        failure ??= error;
      } finally {
        tape.close();
      }
    }
    this.#tapes.clear();
    this.#mostRecent = undefined;
    if (failure !== undefined) throw failure;
  }

  #driveGeneration(): LtoGeneration | undefined {
    for (const group of this.#profile.drives) {
      const generation = driveGenerationOf(group.product);
      if (generation !== undefined) return ltoGeneration(generation);
    }
    return ltoGeneration(FALLBACK_GENERATION);
  }

  #load(cartridge: Cartridge): CartridgeTape {
    const { lto, capacityBytes } = this.capacityOf(cartridge.label);
    const name = fileStem(cartridge);
    const pathOf = (number: number): string => join(this.directory ?? '', `${name}.p${number}.tape`);
    /** Files a FORMAT in progress made (to remove if it fails). */
    let made: string[] = [];
    const open: PartitionOpener = (number, partitionCapacity, fresh) => {
      const index = new TapeIndex();
      const whole = (bytes: number): number => (bytes === 0 ? capacityBytes : bytes);
      if (this.directory === null) {
        return new TapePartition({ number, index, storage: new MemoryRecordStorage(), quota: this.quota, capacityBytes: whole(partitionCapacity) });
      }
      const path = pathOf(number);
      if (fresh) {
        this.#remove(path);
        made.push(path);
      }
      const before = Math.max(0, sizeOf(path));
      const loaded = FileRecordStorage.open(path, number, index, partitionCapacity, { writeBehind: true });
      this.quota.add(loaded.storage.diskBytes - before);
      if (loaded.tornBytes > 0 || loaded.damaged) {
        const recovery = { cartridge: cartridge.label ?? `#${cartridge.id}`, partition: number, tornBytes: loaded.tornBytes, damaged: loaded.damaged };
        for (const listener of this.#recoveryListeners) listener(recovery);
      }
      return new TapePartition({ number, index, storage: loaded.storage, quota: this.quota, capacityBytes: whole(loaded.capacityBytes), damaged: loaded.damaged });
    };
    const partitions = [open(0, 0, false)];
    // A second partition exists when its file does (FORMAT MEDIUM made it).
    for (let number = 1; number < MAX_PARTITIONS && this.#exists(name, number); number++) partitions.push(open(number, 0, false));
    // A crash during a FORMAT leaves set-aside files (the quota never counted them): the host had asked for them to be erased.
    for (let number = 0; number < MAX_PARTITIONS && this.directory !== null; number++) if (sizeOf(aside(pathOf(number))) >= 0) unlinkSync(aside(pathOf(number)));
    const formatFiles: FormatFiles = {
      setAside: () => {
        made = [];
        if (this.directory === null) return;
        for (let number = 0; number < MAX_PARTITIONS; number++) if (sizeOf(pathOf(number)) >= 0) renameSync(pathOf(number), aside(pathOf(number)));
      },
      commit: () => {
        for (let number = 0; number < MAX_PARTITIONS && this.directory !== null; number++) this.#remove(aside(pathOf(number)));
      },
      restore: () => {
        for (const path of made) this.#remove(path);
        for (let number = 0; number < MAX_PARTITIONS && this.directory !== null; number++) if (sizeOf(aside(pathOf(number))) >= 0) renameSync(aside(pathOf(number)), pathOf(number));
      },
    };
    const worm = ltoMediumOf(cartridge.label)?.kind === 'worm' || cartridge.kind === 'worm';
    return new CartridgeTape({ label: cartridge.label, lto, worm, capacityBytes, formatFiles }, open, partitions);
  }

  #exists(name: string, number: number): boolean {
    return this.directory !== null && sizeOf(join(this.directory, `${name}.p${number}.tape`)) >= 0;
  }

  #remove(path: string): void {
    const size = sizeOf(path);
    if (size < 0) return;
    unlinkSync(path);
    this.quota.add(-size);
  }
}

/** Where a FORMAT keeps a partition's old file until the new one is open. */
function aside(path: string): string {
  return `${path}.old`;
}

/** Size of the file at `path`; -1 when there is none. */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}

/** `<id>-<barcode>`: the id keeps unlabeled and same-labelled cartridges apart, the barcode helps a person. */
function fileStem(cartridge: Cartridge): string {
  const label = cartridge.label?.replace(/[^A-Za-z0-9_.-]/g, '_') ?? '';
  return label === '' ? String(cartridge.id) : `${cartridge.id}-${label}`;
}
