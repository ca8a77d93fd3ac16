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

/** Where element changes are noted: the journal's set of changed addresses and each element's revision. */
interface ChangeNotes {
  readonly changed: Set<number>;
  readonly revisions: Uint32Array;
}

function note(notes: ChangeNotes, address: number): void {
  notes.changed.add(address);
  notes.revisions[address] = ((notes.revisions[address] as number) + 1) >>> 0;
}

/**
 * An element's runtime that notes its address whenever a field is assigned, so the state journal
 * writes the elements a command touched instead of all 10,000 of them, and a READ ELEMENT STATUS
 * re-encodes only those (preparedDescriptors.ts).
 */
class TrackedElement implements ElementRuntime {
  readonly #address: number;
  readonly #notes: ChangeNotes;
  #cartridge: Cartridge | null = null;
  #disabled = false;
  #loaded = false;
  #stuck = false;

  constructor(address: number, notes: ChangeNotes) {
    this.#address = address;
    this.#notes = notes;
  }

  get cartridge(): Cartridge | null {
    return this.#cartridge;
  }
  set cartridge(value: Cartridge | null) {
    this.#cartridge = value;
    note(this.#notes, this.#address);
  }
  get disabled(): boolean {
    return this.#disabled;
  }
  set disabled(value: boolean) {
    this.#disabled = value;
    note(this.#notes, this.#address);
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  set loaded(value: boolean) {
    this.#loaded = value;
    note(this.#notes, this.#address);
  }
  get stuck(): boolean {
    return this.#stuck;
  }
  set stuck(value: boolean) {
    this.#stuck = value;
    note(this.#notes, this.#address);
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

/** A map of flags whose every set() counts as a change of what many elements report. */
class NotedFlags extends Map<string, boolean> {
  readonly #changed: () => void;

  constructor(changed: () => void) {
    super();
    this.#changed = changed;
  }

  override set(key: string, value: boolean): this {
    this.#changed();
    return super.set(key, value);
  }
}

export class LibraryState {
  readonly elements = new Map<number, ElementRuntime>();
  /** A pulled magazine or an open mailslot changes every descriptor in it: a set() here moves `sharedRevision`. */
  readonly magazinePresent: Map<string, boolean> = new NotedFlags(() => this.#sharedChange());
  readonly stationOpen: Map<string, boolean> = new NotedFlags(() => this.#sharedChange());
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
   * Per element address, a count of its changes (assignments and touch()): what an element
   * reports is unchanged while its revision and `sharedRevision` are. Wraps at 2^32.
   */
  readonly revisions: Uint32Array;
  /** Moves on every change that may alter many elements' reports (touchAll, magazines, mailslots). */
  sharedRevision = 0;
  /** Where the elements' runtimes (and touch) note their changes. */
  readonly #notes: ChangeNotes;

  /**
   * The same runtimes indexed by address: an inventory looks up 10,000 of them per pass, and an
   * array index costs a fraction of a Map lookup. Elements are fixed at construction.
   */
  readonly #byAddress: (ElementRuntime | undefined)[] = [];

  constructor(map: ElementMap, magazines: readonly string[], stations: readonly string[]) {
    this.revisions = new Uint32Array(Math.max(-1, ...map.all.map((e) => e.address), ...map.hiddenGrippers) + 1);
    const notes = (this.#notes = { changed: this.changedElements, revisions: this.revisions });
    for (const e of map.all) {
      this.elements.set(e.address, new TrackedElement(e.address, notes));
      if (e.kind === 'drive') this.driveCleaning.set(e.address, { loadsSinceCleaning: 0, cleanNow: false, cleanPeriodic: false });
    }
    for (const g of map.hiddenGrippers) this.elements.set(g, new TrackedElement(g, notes));
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
    note(this.#notes, address);
  }

  /** Many cartridges were edited in place (an inventory rescanned every label): the next save is a whole snapshot. */
  touchAll(): void {
    this.wholeStateChanged = true;
    this.#sharedChange();
  }

  #sharedChange(): void {
    this.sharedRevision++;
  }

  allocateCartridgeId(): number {
    return this.nextCartridgeId++;
  }
}
