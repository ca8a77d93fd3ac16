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

  constructor(map: ElementMap, magazines: readonly string[], stations: readonly string[]) {
    for (const e of map.all) {
      this.elements.set(e.address, { cartridge: null, disabled: false, loaded: false, stuck: false });
      if (e.kind === 'drive') this.driveCleaning.set(e.address, { loadsSinceCleaning: 0, cleanNow: false, cleanPeriodic: false });
    }
    for (const g of map.hiddenGrippers) this.elements.set(g, { cartridge: null, disabled: false, loaded: false, stuck: false });
    for (const m of magazines) this.magazinePresent.set(m, true);
    for (const s of stations) this.stationOpen.set(s, false);
  }

  element(address: number): ElementRuntime {
    const runtime = this.elements.get(address);
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

  allocateCartridgeId(): number {
    return this.nextCartridgeId++;
  }
}
