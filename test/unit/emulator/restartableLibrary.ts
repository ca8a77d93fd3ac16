/**
 * A virtual library on a real temporary state directory that a property test can restart: close
 * it and open the directory again, as an emulator process restarting does. The library's own
 * virtual clock stops at the restart, like the process it lived in, so work in flight (a move,
 * a boot, an inventory) is cut off at an arbitrary point: the state file then holds a mid-move
 * state, and the reopened library must hold exactly that.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock, VirtualLibrary, type CartridgeLocation, type Cartridge } from '../../../src/emulator/index.ts';

/** What must survive a restart unchanged: every cartridge (every field) where it is, and the panel's state. */
export interface LibrarySnapshot {
  readonly inside: readonly CartridgeLocation[];
  readonly outside: readonly Cartridge[];
  readonly door: string;
  readonly mailslots: Readonly<Record<string, string>>;
  readonly magazines: Readonly<Record<string, string>>;
}

export function snapshot(lib: VirtualLibrary): LibrarySnapshot {
  const status = lib.frontPanel.status();
  // Copies, so that later changes of the (abandoned) instance cannot alter the record.
  return structuredClone({
    inside: lib.contents(),
    outside: [...lib.frontPanel.outside],
    door: status.door,
    mailslots: status.mailslots,
    magazines: status.magazines,
  });
}

export interface RestartOptions {
  /** Reopen as if the library had just been switched on (boot, 29/00, inventory). */
  readonly powerOn: boolean;
}

export class RestartableLibrary {
  readonly dir: string;
  readonly #profile: string;
  readonly #seed: number;
  #lib: VirtualLibrary;
  #clock: VirtualClock;
  #restarts = 0;

  private constructor(dir: string, profile: string, seed: number, lib: VirtualLibrary, clock: VirtualClock) {
    this.dir = dir;
    this.#profile = profile;
    this.#seed = seed;
    this.#lib = lib;
    this.#clock = clock;
  }

  /** A new library in a new temporary directory. */
  static async create(profile: string, seed: number): Promise<RestartableLibrary> {
    const dir = await mkdtemp(join(tmpdir(), 'changer-property-'));
    try {
      const clock = new VirtualClock({ autoAdvance: true });
      const lib = await VirtualLibrary.open({ dir, profile, clock, seed });
      return new RestartableLibrary(dir, profile, seed, lib, clock);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The running instance (a new one after every restart). */
  get lib(): VirtualLibrary {
    return this.#lib;
  }

  get restarts(): number {
    return this.#restarts;
  }

  /**
   * Stops the instance where it is, closes it and reopens the directory; asserts the new
   * instance holds exactly what the old one held when it stopped. Commands still in flight on
   * the old instance never finish (their process is gone).
   */
  async restart(options: RestartOptions): Promise<LibrarySnapshot> {
    const old = this.#lib;
    this.#clock.setAutoAdvance(false);
    assert.deepEqual(old.device.internalErrors, [], 'no internal errors before the restart');
    assert.deepEqual(old.device.library.bootErrors, [], 'no boot failures before the restart');
    const before = snapshot(old);
    await old.close();
    const clock = new VirtualClock({ autoAdvance: true });
    // No profile: the directory says which library it holds.
    this.#lib = await VirtualLibrary.open({ dir: this.dir, clock, seed: this.#seed, powerOn: options.powerOn });
    this.#clock = clock;
    this.#restarts++;
    assert.equal(this.#lib.profile.name, this.#profile);
    assert.deepEqual(snapshot(this.#lib), before, 'the reopened library holds exactly what was there before the restart');
    return before;
  }

  /** Closes the running instance and removes the directory. */
  async dispose(): Promise<void> {
    try {
      await this.#lib.close();
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
