/**
 * Opening a virtual library: profile + state directory + clock → a running library with its SCSI
 * faces (device: the changer; drives: its tape drives) and its operator face (frontPanel). The first open of a directory creates the
 * library from the profile's initial cartridges; later opens bring back every cartridge where it
 * was. Every state change is saved; close() waits for the last save.
 */
import { RealClock, ScaledClock, VirtualClock, type Clock } from '../shared/clock.ts';
import type { Cartridge } from './cartridge.ts';
import { EmulatorError } from './emulatorError.ts';
import { ElementMap } from './elementMap.ts';
import { FaultInjector } from './faults.ts';
import { FrontPanel } from './frontPanel.ts';
import { placeInitialMedia } from './initialMedia.ts';
import { Library } from './library.ts';
import { LibraryState } from './libraryState.ts';
import { powerLoss } from './powerMechanics.ts';
import { FileStateStore, StateWriter, type StateStore } from './persistence.ts';
import type { ElementKind, Profile } from './profile.ts';
import { loadProfile } from './profiles.ts';
import { SmcDevice } from './smcDevice.ts';
import { SscDevice } from './ssc/sscDevice.ts';
import { CHANGER_LUN, driveIndexOfLun } from './lunLayout.ts';
import type { AnsweringScsiDevice } from '../scsi/index.ts';
import { StateChangeEncoder } from './stateChanges.ts';
import { decodeStoredState, type LegacyTapes } from './stateFile.ts';
import { TapeShelf, type TapeRecovery, type TapeSyncFailure } from './tape/tapeShelf.ts';
import type { TapeEntry } from './tapeContents.ts';

export interface VirtualLibraryOptions {
  /** Directory of the library's state; omitted: an in-memory library that forgets on close. */
  readonly dir?: string;
  /**
   * Built-in profile name, a profile .json path, or a Profile. May be omitted when `dir` already
   * holds a library: it reopens with the profile it was created with.
   */
  readonly profile?: string | Profile;
  /** Default: the wall clock. */
  readonly clock?: Clock;
  /** Zero-time mechanics (every delay skipped), whatever the clock. */
  readonly instant?: boolean;
  /** Seed of the fault injector's generator (scheduled random faults replay per seed). Default 1. */
  readonly seed?: number;
  /** Start as if just switched on: power-on self test and inventory, 02/04/01 meanwhile. */
  readonly powerOn?: boolean;
}

/**
 * What the tape store tells the operator: its disk quota is used up, a tape file was repaired or
 * found damaged at load, or a tape file's data could not be made durable (a failed fsync).
 */
export type TapeEvent =
  | { readonly kind: 'quota-reached'; readonly usedBytes: number; readonly limitBytes: number }
  | ({ readonly kind: 'tape-recovered' } & TapeRecovery)
  | ({ readonly kind: 'sync-failed' } & TapeSyncFailure);

/** Where a cartridge is, for diagnostics and conservation checks (hosts use READ ELEMENT STATUS). */
export interface CartridgeLocation {
  readonly address: number;
  readonly kind: ElementKind;
  /** Held in a magazine that is pulled out of the library. */
  readonly magazineOut: boolean;
  readonly cartridge: Readonly<Cartridge>;
}

export class VirtualLibrary {
  readonly profile: Profile;
  readonly clock: Clock;
  /** The changer, LUN 0. */
  readonly device: SmcDevice;
  /** The tape drives, by zero-based drive index (element-address order); drive k answers on LUN 1 + k. */
  readonly drives: readonly SscDevice[];
  readonly frontPanel: FrontPanel;
  readonly faults: FaultInjector;
  /** Human-readable location of the state (a file path, or "(memory)"). */
  readonly location: string;
  readonly #library: Library;
  readonly #store: StateStore | null;
  /** Null for an in-memory library: nothing to save, so nothing is encoded. */
  readonly #writer: StateWriter | null;
  #closed = false;
  #closing: Promise<void> | undefined;

  private constructor(library: Library, store: StateStore | null) {
    this.#library = library;
    this.#store = store;
    this.profile = library.profile;
    this.clock = library.clock;
    this.faults = library.faults;
    this.location = store?.location ?? '(memory)';
    this.device = new SmcDevice(library);
    this.drives = library.map.ofKind('drive').map((element) => new SscDevice(library, element));
    this.frontPanel = new FrontPanel(library);
    const writer = store === null ? null : new StateWriter(store, new StateChangeEncoder(library.profile, library.map, library.state));
    this.#writer = writer;
    if (writer !== null) {
      library.onChange(() => {
        if (!this.#closed) writer.changed();
      });
    }
  }

  static async open(options: VirtualLibraryOptions): Promise<VirtualLibrary> {
    const store = options.dir === undefined ? null : await FileStateStore.open(options.dir);
    try {
      const stored = store === null ? null : await store.load();
      const text = stored?.snapshot ?? null;
      const profile = await resolveProfile(options.profile, text, store?.location ?? '(memory)');
      const map = new ElementMap(profile);
      const legacyTapes: LegacyTapes = new Map();
      let state: LibraryState;
      if (stored === null || store === null) state = freshState(profile, map);
      else {
        const decoded = decodeStoredState(stored, store.location, profile, map, legacyTapes);
        store.continueJournal(decoded.journalContinues);
        state = decoded.state;
      }
      const clock = options.clock ?? new RealClock();
      const faults = new FaultInjector(options.seed ?? 1, clock);
      const tapes = options.dir === undefined ? TapeShelf.inMemory(profile) : TapeShelf.inDirectory(profile, options.dir);
      const library = new Library({ profile, clock, state, faults, instant: options.instant ?? false, tapes });
      const opened = new VirtualLibrary(library, store);
      // A state file from before tapes had files of their own: its tapes move into the tape files
      // (written and synced first, so a crash here leaves the old file to migrate again).
      for (const { cartridge } of [...state.cartridges(), ...state.outside.map((c) => ({ cartridge: c }))]) {
        const entries = legacyTapes.get(cartridge.id);
        if (entries !== undefined) tapes.write(cartridge, entries);
      }
      if (text === null || legacyTapes.size > 0) {
        // The snapshot itself still holds the base64 tapes: only a whole new one drops them.
        if (legacyTapes.size > 0) state.touchAll();
        library.commit();
        await opened.flush();
      }
      if (options.powerOn === true) powerLoss(library);
      return opened;
    } catch (error) {
      await store?.release();
      throw error;
    }
  }

  /** The logical unit at `lun` of this library's target: the changer at 0, drive k at 1 + k. */
  deviceAtLun(lun: number): AnsweringScsiDevice | undefined {
    if (lun === CHANGER_LUN) return this.device;
    return Number.isInteger(lun) && lun > 0 ? this.drives[driveIndexOfLun(lun)] : undefined;
  }

  /** Resolves when power-on and any inventory are over. */
  whenReady(): Promise<void> {
    return this.#library.whenReady();
  }

  /** close() has been called: the library takes no more commands through transports that check. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Waits until the latest state is on disk. */
  async flush(): Promise<void> {
    await this.#writer?.flush();
  }

  /** Compacts the journal into the snapshot and lets another process open the library. */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    try {
      await this.#writer?.flush();
    } finally {
      // Changes made while that save ran are taken by the compaction; after `#closed` none are
      // accepted, so no save can start once the lock is released to another process.
      this.#closed = true;
      this.faults.cancelAll();
      try {
        await this.#writer?.compact();
      } finally {
        try {
          this.#library.tapes.close();
        } finally {
          await this.#store?.release();
        }
      }
    }
  }

  /** Every cartridge inside the library (pulled magazines included), by address. */
  contents(): CartridgeLocation[] {
    const library = this.#library;
    return [...library.state.cartridges()].map(({ address, cartridge }) => {
      const info = library.map.get(address);
      return {
        address,
        kind: info?.kind ?? 'slot',
        magazineOut: info !== undefined && !library.isMagazinePresent(info),
        cartridge,
      };
    });
  }

  /** What is written on a cartridge's tape (partition `partition`), for diagnostics and tests. */
  tapeContents(cartridge: Readonly<Cartridge>, partition = 0): TapeEntry[] {
    return this.#library.tapes.contents(cartridge, partition);
  }

  /**
   * Hears when the library's tape quota (profile tapeQuotaBytes) is reached — writes then meet end
   * of medium —, when loading a tape file cut a torn tail or found damage, and when a tape file's
   * fsync failed (at UNLOAD, or closing one of more than OPEN_TAPES_MAX open tapes).
   */
  onTapeEvent(listener: (event: TapeEvent) => void): void {
    const tapes = this.#library.tapes;
    tapes.quota.onReached((usedBytes, limitBytes) => listener({ kind: 'quota-reached', usedBytes, limitBytes }));
    tapes.onRecovery((recovery) => listener({ kind: 'tape-recovered', ...recovery }));
    tapes.onSyncFailure((failure) => listener({ kind: 'sync-failed', ...failure }));
  }

  /** Element addresses of a kind, ascending (what page 1Dh and READ ELEMENT STATUS describe). */
  addresses(kind: ElementKind): number[] {
    return this.#library.map.ofKind(kind).map((e) => e.address);
  }
}

function freshState(profile: Profile, map: ElementMap): LibraryState {
  const state = new LibraryState(
    map,
    profile.magazines.map((m) => m.name),
    profile.ieStations.map((s) => s.name),
  );
  placeInitialMedia(profile, map, state);
  return state;
}

/** The profile named in the state file, without judging the rest of the file (decodeState does). */
function storedProfileName(text: string): string | undefined {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null && 'profile' in json && typeof json.profile === 'string') return json.profile;
  } catch {
    return undefined;
  }
  return undefined;
}

async function resolveProfile(asked: string | Profile | undefined, stateText: string | null, location: string): Promise<Profile> {
  if (asked !== undefined) return typeof asked === 'string' ? loadProfile(asked) : asked;
  const stored = stateText === null ? undefined : storedProfileName(stateText);
  if (stored !== undefined) return loadProfile(stored);
  throw new EmulatorError(
    'BAD_URL',
    stateText === null
      ? `No virtual library exists at ${location} yet; name a profile to create one (e.g. profile=library-24).`
      : `Cannot tell which profile the library at ${location} was created with; name it with profile=<name>.`,
  );
}

/**
 * The clock a device URL asks for: "real" (default), "virtual" (discrete events, time jumps
 * whenever everything waits) or "<n>x" (n times faster than real time).
 */
export function clockFromSpec(spec: string | undefined): Clock {
  if (spec === undefined || spec === 'real') return new RealClock();
  if (spec === 'virtual') return new VirtualClock({ autoAdvance: true });
  const match = /^(\d+(?:\.\d+)?)x$/.exec(spec);
  if (match !== null) return new ScaledClock(Number(match[1]));
  throw new EmulatorError('BAD_URL', `Unknown clock "${spec}": use real, virtual, or a speed-up like 10x.`);
}
