/**
 * Where a library's state lives between runs. The file is replaced atomically (write a temporary
 * file, fsync, rename, fsync the directory) so a crash leaves either the old or the new state,
 * never half of one. Saves are coalesced: a burst of changes costs one write of the latest state.
 */
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { processAlive } from '../shared/processAlive.ts';
import { EmulatorError } from './emulatorError.ts';

export const STATE_FILE_NAME = 'library-state.json';
const LOCK_FILE_NAME = 'library.lock';

export interface StateStore {
  /** Human-readable location, for messages. */
  readonly location: string;
  /** The saved text, or null when nothing was saved yet. */
  load(): Promise<string | null>;
  save(text: string): Promise<void>;
  /** Releases what the store holds (a lock file). */
  release(): Promise<void>;
}

export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(text, 'utf8');
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

  async load(): Promise<string | null> {
    try {
      return await readFile(this.location, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  save(text: string): Promise<void> {
    return writeFileAtomically(this.location, text);
  }

  async release(): Promise<void> {
    if (!this.#locked) return;
    this.#locked = false;
    await unlink(join(this.directory, LOCK_FILE_NAME)).catch(() => undefined);
  }
}

/**
 * Saves the latest state after every change, one write at a time: changes arriving during a write
 * are folded into the next one. A failed write is kept and reported by flush().
 */
export class StateWriter {
  readonly #store: StateStore;
  readonly #encode: () => string;
  #dirty = false;
  #running: Promise<void> | null = null;
  #failure: unknown = undefined;

  constructor(store: StateStore, encode: () => string) {
    this.#store = store;
    this.#encode = encode;
  }

  changed(): void {
    this.#dirty = true;
    this.#running ??= this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#dirty) {
        this.#dirty = false;
        try {
          await this.#store.save(this.#encode());
        } catch (error) {
          this.#failure = error;
        }
      }
    } finally {
      this.#running = null;
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
