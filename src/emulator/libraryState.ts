/**
 * Everything about a library that changes and must survive a restart: where every cartridge is,
 * which drives hold a threaded tape, open doors and mailslots, pulled magazines, cartridges the
 * operator took out, parts a fault disabled, saved mode parameters and APTPL reservations.
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

export interface SavedModeParameters {
  /** Control page 0Ah D_SENSE: report sense in descriptor format. */
  descriptorSense: boolean;
}

export class LibraryState {
  readonly elements = new Map<number, ElementRuntime>();
  readonly magazinePresent = new Map<string, boolean>();
  readonly stationOpen = new Map<string, boolean>();
  doorOpen = false;
  /** Cartridges the operator took out of the library (front panel), so they can be put back. */
  outside: Cartridge[] = [];
  nextCartridgeId = 1;
  savedMode: SavedModeParameters = { descriptorSense: false };
  persistentReservations: PersistentReservationRecord | null = null;

  constructor(map: ElementMap, magazines: readonly string[], stations: readonly string[]) {
    for (const e of map.all) this.elements.set(e.address, { cartridge: null, disabled: false, loaded: false, stuck: false });
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

  allocateCartridgeId(): number {
    return this.nextCartridgeId++;
  }
}
