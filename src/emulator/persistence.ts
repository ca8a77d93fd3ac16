/**
 * Where a library's state lives between runs: a snapshot (library-state.json) and a journal of the
 * changes since (library-state.journal, stateJournal.ts). A save appends one checked record to the
 * journal and fdatasyncs it, so its cost does not grow with the library; now and then, and on a
 * clean close, the state is compacted into a new snapshot, replaced atomically (write a temporary
 * file, fsync, rename, fsync the directory) so a crash leaves either the old or the new one, never
 * half of one. Saves are coalesced: a burst of changes costs one write of the latest state.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { processAlive } from '../shared/processAlive.ts';
import { EmulatorError } from './emulatorError.ts';
import type { StateChangeEncoder } from './stateChanges.ts';

/** What the writer asks of the encoder (stateChanges.ts): a narrow seam, so a test can stand in for it. */
export type StateEncoding = Pick<StateChangeEncoder, 'wholeStateChanged' | 'snapshot' | 'changes'>;
import type { StoredState } from './stateFile.ts';
import { JOURNAL_FILE_NAME, frameRecord, journalHeader, scanJournal } from './stateJournal.ts';

export const STATE_FILE_NAME = 'library-state.json';
const LOCK_FILE_NAME = 'library.lock';

export interface StateStore {
  /** Human-readable location, for messages. */
  readonly location: string;
  /** The saved snapshot and its journal, or null when nothing was saved yet. */
  load(): Promise<StoredState | null>;
  /**
   * After load(): whether the journal found continues the snapshot that was opened. If not, the
   * next save must be a snapshot (one with a fresh journal).
   */
  continueJournal(continues: boolean): void;
  /** Bytes appended to the journal since the snapshot; null when there is no journal to append to yet. */
  readonly journalBytes: number | null;
  /** Size of the last snapshot read or written. */
  readonly snapshotBytes: number;
  /** Replaces the snapshot with `text` (which names `journalId`) and starts its empty journal. */
  saveSnapshot(text: string, journalId: string): Promise<void>;
  /** Appends one change set to the journal; durable when it resolves. */
  append(change: string): Promise<void>;
  /** Releases what the store holds (the journal, a lock file). */
  release(): Promise<void>;
}

/** The id a new snapshot gives the journal that continues it: random, so no other snapshot's journal ever matches. */
export function newJournalId(): string {
  return randomBytes(8).toString('hex');
}

export async function writeFileAtomically(path: string, text: string | Buffer): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  // The rename itself is durable only once the directory entry is on disk.
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    await directory.close();
  }
}

/**
 * A library directory: the state file plus a lock file naming the process that has the library
 * open, because two processes writing one state file would each undo the other's moves.
 */
export class FileStateStore implements StateStore {
  readonly directory: string;
  readonly location: string;
  #locked = false;
  #snapshotBytes = 0;
  /** What load() found in the journal, until continueJournal() says whether it is used. */
  #scanned: { goodLength: number; tornBytes: number; headerBytes: number } | null = null;
  /** Where the next journal record goes; null: no journal continues the snapshot yet. */
  #appendAt: number | null = null;
  #journalBytes = 0;
  #cutTorn = false;
  #journal: FileHandle | null = null;

  private constructor(directory: string) {
    this.directory = directory;
    this.location = join(directory, STATE_FILE_NAME);
  }

  static async open(directory: string): Promise<FileStateStore> {
    await mkdir(directory, { recursive: true });
    const store = new FileStateStore(directory);
    await store.#lock();
    return store;
  }

  async #lock(): Promise<void> {
    const path = join(this.directory, LOCK_FILE_NAME);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const file = await open(path, 'wx');
        await file.writeFile(`${process.pid}\n`);
        await file.close();
        this.#locked = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && processAlive(holder)) {
        const who = holder === process.pid ? 'this process' : `process ${holder}`;
        throw new EmulatorError(
          'LIBRARY_IN_USE',
          `Virtual library in ${this.directory} is in use: already open in ${who}. Close it there first (or reach it through that process).`,
        );
      }
      await unlink(path).catch(() => undefined); // stale lock of a process that is gone
    }
    throw new EmulatorError('LIBRARY_IN_USE', `Cannot lock virtual library ${this.directory}: ${join(this.directory, LOCK_FILE_NAME)} keeps reappearing.`);
  }

  #journalPath(): string {
    return join(this.directory, JOURNAL_FILE_NAME);
  }

  async load(): Promise<StoredState | null> {
    let snapshot: string;
    try {
      snapshot = await readFile(this.location, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    this.#snapshotBytes = Buffer.byteLength(snapshot);
    let bytes: Buffer;
    try {
      bytes = await readFile(this.#journalPath());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { snapshot, journal: null };
      throw error;
    }
    const scan = scanJournal(bytes, this.#journalPath());
    this.#scanned = { goodLength: scan.goodLength, tornBytes: scan.tornBytes, headerBytes: scan.goodLength - scan.changes.reduce((sum, c) => sum + 8 + Buffer.byteLength(c), 0) };
    return { snapshot, journal: { path: this.#journalPath(), snapshotId: scan.snapshotId, changes: scan.changes } };
  }

  continueJournal(continues: boolean): void {
    const scanned = this.#scanned;
    this.#scanned = null;
    if (!continues || scanned === null) return;
    this.#appendAt = scanned.goodLength;
    this.#journalBytes = scanned.goodLength - scanned.headerBytes;
    this.#cutTorn = scanned.tornBytes > 0;
  }

  get journalBytes(): number | null {
    return this.#appendAt === null ? null : this.#journalBytes;
  }

  get snapshotBytes(): number {
    return this.#snapshotBytes;
  }

  async saveSnapshot(text: string, journalId: string): Promise<void> {
    await this.#closeJournal();
    this.#appendAt = null;
    await writeFileAtomically(this.location, text);
    this.#snapshotBytes = Buffer.byteLength(text);
    // Until the new journal is in place, the old one (naming the old snapshot) is ignored on open.
    const header = frameRecord(journalHeader(journalId));
    await writeFileAtomically(this.#journalPath(), header);
    this.#appendAt = header.length;
    this.#journalBytes = 0;
    this.#cutTorn = false;
  }

  async append(change: string): Promise<void> {
    if (this.#appendAt === null) throw new Error('no journal to append to: a snapshot must be saved first');
    this.#journal ??= await open(this.#journalPath(), 'r+');
    if (this.#cutTorn) {
      // A torn record left by a crash is cut before anything follows it, or it would read as damage.
      await this.#journal.truncate(this.#appendAt);
      this.#cutTorn = false;
    }
    const frame = frameRecord(change);
    await this.#journal.write(frame, 0, frame.length, this.#appendAt);
    await this.#journal.datasync();
    this.#appendAt += frame.length;
    this.#journalBytes += frame.length;
  }

  async #closeJournal(): Promise<void> {
    const journal = this.#journal;
    this.#journal = null;
    await journal?.close();
  }

  async release(): Promise<void> {
    await this.#closeJournal().catch(() => undefined);
    if (!this.#locked) return;
    this.#locked = false;
    await unlink(join(this.directory, LOCK_FILE_NAME)).catch(() => undefined);
  }
}

/** The journal is compacted once it holds this much, or twice the snapshot's size, whichever is more. */
export const JOURNAL_COMPACT_MIN_BYTES = 1024 * 1024;

/**
 * Saves the latest state after every change, one write at a time: changes arriving during a write
 * are folded into the next one. A write appends the change set to the journal; once the journal
 * outgrows the snapshot (so replaying it on open costs no more than reading the snapshot twice) the
 * next write is a new snapshot, which keeps the cost per change flat at every library size. A failed
 * write is kept and reported by flush(), and the next write is a whole snapshot, since the change
 * set it lost is not in the journal.
 */
export class StateWriter {
  readonly #store: StateStore;
  readonly #encoder: StateEncoding;
  #dirty = false;
  #snapshotDue = false;
  #running: Promise<void> | null = null;
  #failure: unknown = undefined;

  constructor(store: StateStore, encoder: StateEncoding) {
    this.#store = store;
    this.#encoder = encoder;
  }

  changed(): void {
    this.#dirty = true;
    if (this.#running !== null) return;
    // Cleared in a callback, never inside #drain: a drain with nothing to write finishes before
    // `#running` is even assigned, and clearing it there would leave a settled promise behind
    // that flush() then awaits forever (a spin of microtasks, found hanging the API tests).
    const running: Promise<void> = this.#drain().finally(() => {
      if (this.#running === running) this.#running = null;
    });
    this.#running = running;
  }

  /** Writes a new snapshot (on a clean close) unless the journal holds no change. */
  async compact(): Promise<void> {
    await this.flush();
    if ((this.#store.journalBytes ?? 0) === 0) return; // nothing appended since the snapshot (or no journal yet)
    this.#snapshotDue = true;
    this.changed();
    await this.flush();
  }

  #journalFull(): boolean {
    const bytes = this.#store.journalBytes;
    return bytes === null || bytes >= Math.max(JOURNAL_COMPACT_MIN_BYTES, 2 * this.#store.snapshotBytes);
  }

  async #drain(): Promise<void> {
    while (this.#dirty) {
      this.#dirty = false;
      try {
        if (this.#snapshotDue || this.#encoder.wholeStateChanged || this.#journalFull()) {
          this.#snapshotDue = true;
          const journalId = newJournalId();
          await this.#store.saveSnapshot(this.#encoder.snapshot(journalId), journalId);
          this.#snapshotDue = false;
        } else {
          const change = this.#encoder.changes();
          if (change !== null) await this.#store.append(change);
        }
      } catch (error) {
        this.#failure = error;
        this.#snapshotDue = true;
      }
    }
  }

  /** Waits for the latest state to be on disk; throws if a write failed since the last flush. */
  async flush(): Promise<void> {
    while (this.#running !== null) await this.#running;
    if (this.#failure !== undefined) {
      const failure = this.#failure;
      this.#failure = undefined;
      throw new EmulatorError('STATE_CORRUPT', `Could not save the virtual library state to ${this.#store.location}: ${(failure as Error).message}`, {
        cause: failure,
      });
    }
  }
}
