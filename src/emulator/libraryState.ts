/**
 * Everything about a library that changes and must survive a restart: where every cartridge is
 * and what is written on its tape, which drives hold a threaded tape and how soon each needs
 * cleaning, open doors and mailslots, pulled magazines, cartridges the operator took out, parts
 * a fault disabled, saved mode parameters and APTPL reservations.
 * Mechanics mutate it; stateFile.ts writes it.
 */
import type { Cartridge } from './cartridge.ts';
import type { ElementMap } from './elementMap.ts';

export interface ElementRuntime {
  cartridge: Cartridge | null;
  /** Fault: element out of service (descriptor ED + Except, Access=0). */
  disabled: boolean;
  /** Drive: the cartridge is loaded (threaded); with predismount eject it must be ejected first. */
  loaded: boolean;
  /** Drive fault: refuses to unload/release its cartridge. */
  stuck: boolean;
}

/**
 * An element's runtime that notes its address in `changed` whenever a field is assigned, so the
 * state journal writes the elements a command touched instead of all 10,000 of them.
 */
class TrackedElement implements ElementRuntime {
  readonly #address: number;
  readonly #changed: Set<number>;
  #cartridge: Cartridge | null = null;
  #disabled = false;
  #loaded = false;
  #stuck = false;

  constructor(address: number, changed: Set<number>) {
    this.#address = address;
    this.#changed = changed;
  }

  get cartridge(): Cartridge | null {
    return this.#cartridge;
  }
  set cartridge(value: Cartridge | null) {
    this.#cartridge = value;
    this.#changed.add(this.#address);
  }
  get disabled(): boolean {
    return this.#disabled;
  }
  set disabled(value: boolean) {
    this.#disabled = value;
    this.#changed.add(this.#address);
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  set loaded(value: boolean) {
    this.#loaded = value;
    this.#changed.add(this.#address);
  }
  get stuck(): boolean {
    return this.#stuck;
  }
  set stuck(value: boolean) {
    this.#stuck = value;
    this.#changed.add(this.#address);
  }
}

/** PR state kept across power loss when a registrant asked for APTPL. Keys as 16 hex digits. */
export interface PersistentReservationRecord {
  readonly generation: number;
  readonly registrations: readonly { readonly initiator: string; readonly key: string }[];
  readonly reservation: { readonly holder: string; readonly type: number } | null;
}

/** A drive's need for cleaning, kept across restarts like the head wear it stands for. */
export interface DriveCleaningState {
  /** Cartridges loaded since the drive was last cleaned (profile drive group cleanAfterLoads). */
  loadsSinceCleaning: number;
  /** TapeAlert 20 "Clean now": set at the load count or by a fault, until a cleaner cleans it. */
  cleanNow: boolean;
  /** TapeAlert 21 "Clean periodic": routine cleaning due (set by a fault), cleared by cleaning too. */
  cleanPeriodic: boolean;
}

export interface SavedModeParameters {
  /** Control page 0Ah D_SENSE: report sense in descriptor format. */
  descriptorSense: boolean;
}

export class LibraryState {
  readonly elements = new Map<number, ElementRuntime>();
  readonly magazinePresent = new Map<string, boolean>();
  readonly stationOpen = new Map<string, boolean>();
  /** Per drive element address. */
  readonly driveCleaning = new Map<number, DriveCleaningState>();
  doorOpen = false;
  /** Cartridges the operator took out of the library (front panel), so they can be put back. */
  outside: Cartridge[] = [];
  nextCartridgeId = 1;
  savedMode: SavedModeParameters = { descriptorSense: false };
  persistentReservations: PersistentReservationRecord | null = null;
  /**
   * Addresses of elements assigned since the journal last took them (stateJournal.ts). A cartridge
   * edited in place in a slot (a host tag, a rescanned label) is no assignment: whoever edits it
   * calls touch(), or touchAll() when it edits many.
   */
  readonly changedElements = new Set<number>();
  /** Something changed that only a whole snapshot records (touchAll). */
  wholeStateChanged = false;

  /**
   * The same runtimes indexed by address: an inventory looks up 10,000 of them per pass, and an
   * array index costs a fraction of a Map lookup. Elements are fixed at construction.
   */
  readonly #byAddress: (ElementRuntime | undefined)[] = [];

  constructor(map: ElementMap, magazines: readonly string[], stations: readonly string[]) {
    for (const e of map.all) {
      this.elements.set(e.address, new TrackedElement(e.address, this.changedElements));
      if (e.kind === 'drive') this.driveCleaning.set(e.address, { loadsSinceCleaning: 0, cleanNow: false, cleanPeriodic: false });
    }
    for (const g of map.hiddenGrippers) this.elements.set(g, new TrackedElement(g, this.changedElements));
    for (const m of magazines) this.magazinePresent.set(m, true);
    for (const s of stations) this.stationOpen.set(s, false);
    // Filled in address order without holes, so the array stays packed (no dictionary mode).
    const highest = Math.max(-1, ...this.elements.keys());
    for (let address = 0; address <= highest; address++) this.#byAddress.push(this.elements.get(address));
  }

  element(address: number): ElementRuntime {
    const runtime = this.#byAddress[address];
    if (runtime === undefined) throw new RangeError(`no element at address ${address}`);
    return runtime;
  }

  /** Every cartridge inside the library, pulled magazines included, with its element address. */
  *cartridges(): Generator<{ address: number; cartridge: Cartridge }> {
    for (const [address, runtime] of this.elements) if (runtime.cartridge !== null) yield { address, cartridge: runtime.cartridge };
  }

  /** The cleaning state of the drive at `address` (RangeError for an address that is no drive). */
  cleaningOf(address: number): DriveCleaningState {
    const cleaning = this.driveCleaning.get(address);
    if (cleaning === undefined) throw new RangeError(`no drive at address ${address}`);
    return cleaning;
  }

  /** The cartridge at `address` was edited in place: the next save records it. */
  touch(address: number): void {
    this.changedElements.add(address);
  }

  /** Many cartridges were edited in place (an inventory rescanned every label): the next save is a whole snapshot. */
  touchAll(): void {
    this.wholeStateChanged = true;
  }

  allocateCartridgeId(): number {
    return this.nextCartridgeId++;
  }
}
