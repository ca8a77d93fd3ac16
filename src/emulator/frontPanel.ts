/**
 * What an operator does at the library — not SCSI: open the door, use a mailslot, pull a magazine,
 * press the power button, eject a drive, make a drive ask for cleaning (fault injection). Each
 * action has the consequences real hardware has: unit attentions to every initiator, mailslot
 * Access/ImpExp flags, an inventory (02/04/01 meanwhile) after the operator had access.
 * Cartridges taken out are kept in `outside`, so every cartridge is always somewhere.
 */
import { createCartridge, describeCartridge, rescanLabels, type Cartridge, type CartridgeSpec } from './cartridge.ts';
import { initialTape } from './tapeContents.ts';
import { LibraryRefusal } from './conditions.ts';
import type { ElementInfo } from './elementMap.ts';
import { inventoryAfterOperatorAccess } from './inventoryMechanics.ts';
import type { Library } from './library.ts';
import { powerCycle } from './powerMechanics.ts';
import type { ElementKind } from './profile.ts';
import { driveLoaded, ejectDrive, soilDrive } from './driveMechanics.ts';
import { closeStation, markOperatorAccess, openStation, setDoorOpen, setMagazinePresent } from './mailslotMechanics.ts';
import { FrontPanelError, type FrontPanelStatus, type OperatorPanel } from '../shared/frontPanel.ts';

// The panel's refusals and status are the API's contract (shared/frontPanel.ts); re-exported so the
// emulator's users keep one import.
export { FrontPanelError, type FrontPanelErrorCode, type FrontPanelStatus } from '../shared/frontPanel.ts';

/** A cartridge the operator holds: one taken out earlier, or a new one described by its label. */
export type CartridgeInHand = Cartridge | CartridgeSpec;

function isCartridge(c: CartridgeInHand): c is Cartridge {
  return 'id' in c;
}

/** A new cartridge from its description; a volume label or records that cannot be written are refused before it exists. */
function newCartridge(library: Library, spec: CartridgeSpec): Cartridge {
  let cartridge: Cartridge;
  try {
    cartridge = createCartridge(0, spec, library.profile.cleaningUsesDefault);
  } catch (error) {
    if (error instanceof RangeError) throw new FrontPanelError('BAD_CARTRIDGE', `cartridge ${spec.barcode ?? '(no label)'}: ${error.message}`);
    throw error;
  }
  const made = { ...cartridge, id: library.state.allocateCartridgeId() };
  const entries = initialTape(spec);
  if (entries.length > 0) library.tapes.write(made, entries);
  return made;
}

export class FrontPanel implements OperatorPanel<Cartridge> {
  readonly #library: Library;

  constructor(library: Library) {
    this.#library = library;
  }

  /** Cartridges the operator took out, in the order they came out. */
  get outside(): readonly Cartridge[] {
    return this.#library.state.outside;
  }

  /** The addresses behind the panel's element numbers, ascending: zero-based index i is addresses(kind)[i]. */
  addresses(kind: ElementKind): number[] {
    return this.#library.map.ofKind(kind).map((e) => e.address);
  }

  status(): FrontPanelStatus {
    const { state, profile } = this.#library;
    return {
      door: profile.features.door ? (state.doorOpen ? 'open' : 'closed') : 'none',
      mailslots: Object.fromEntries([...state.stationOpen].map(([n, open]) => [n, open ? 'open' : 'closed'])),
      magazines: Object.fromEntries([...state.magazinePresent].map(([n, present]) => [n, present ? 'in' : 'out'])),
      ready: this.#library.notReady ?? 'ready',
      locked: this.#library.operatorLockedOut,
      outside: state.outside.map((c) => c.label),
    };
  }

  // ── door ─────────────────────────────────────────────────────────────────────────────────

  async openDoor(): Promise<void> {
    const library = this.#library;
    if (!library.profile.features.door) throw new FrontPanelError('NO_DOOR', `a ${library.profile.name} has no door; use its magazines or mailslot`);
    if (library.state.doorOpen) return;
    if (library.operatorLockedOut) throw new FrontPanelError('DOOR_LOCKED', 'the door is locked: a host has prevented medium removal');
    if (!library.idle) throw new FrontPanelError('ROBOT_BUSY', 'the door stays locked while the robot is moving');
    if (library.profile.features.drivesEmptyOnDoorAccess) {
      const loaded = library.map.ofKind('drive').filter((d) => library.state.element(d.address).cartridge !== null);
      if (loaded.length > 0) {
        throw new FrontPanelError('DRIVES_NOT_EMPTY', `the door stays locked while drives hold cartridges (drive ${loaded.map((d) => d.index).join(', ')}); have the host move them back to their slots first`);
      }
    }
    await this.#operate(() => setDoorOpen(library, true));
  }

  /** Closes the door; resolves when the inventory that follows is over (28/00 to every initiator). */
  async closeDoor(): Promise<void> {
    const library = this.#library;
    if (!library.profile.features.door || !library.state.doorOpen) return;
    await this.#operate(() => setDoorOpen(library, false));
    await inventoryAfterOperatorAccess(library, {}, 'not-ready-to-ready');
  }

  insertThroughDoor(address: number, cartridge: CartridgeInHand): Cartridge {
    this.#requireDoorOpen();
    const info = this.#element(address, ['slot', 'ieport']);
    this.#requireMagazineIn(info);
    return this.#put(info, cartridge);
  }

  /** Takes a cartridge from a slot, mailslot, picker (clearing a jam) or an ejected drive. */
  removeThroughDoor(address: number): Cartridge {
    this.#requireDoorOpen();
    const info = this.#element(address, ['slot', 'ieport', 'transport', 'drive']);
    this.#requireMagazineIn(info);
    if (info.kind === 'drive' && this.#library.state.element(address).loaded) {
      throw new FrontPanelError('DRIVE_LOADED', `drive ${info.index} has the cartridge loaded; eject it first`);
    }
    return this.#take(info);
  }

  /** insertThroughDoor by the element's zero-based number (slot 0 is the first slot), as hosts above the driver name it. */
  insertThroughDoorAt(kind: ElementKind, index: number, cartridge: CartridgeInHand): Cartridge {
    return this.insertThroughDoor(this.#byIndex(kind, index).address, cartridge);
  }

  /** removeThroughDoor by the element's zero-based number. */
  removeThroughDoorAt(kind: ElementKind, index: number): Cartridge {
    return this.removeThroughDoor(this.#byIndex(kind, index).address);
  }

  #requireDoorOpen(): void {
    if (!this.#library.profile.features.door) throw new FrontPanelError('NO_DOOR', `a ${this.#library.profile.name} has no door`);
    if (!this.#library.state.doorOpen) throw new FrontPanelError('DOOR_CLOSED', 'open the door first');
  }

  // ── mailslots ────────────────────────────────────────────────────────────────────────────

  async openMailslot(name?: string): Promise<void> {
    const station = this.#station(name);
    if (this.#library.state.stationOpen.get(station) === true) return;
    if (this.#library.operatorLockedOut) throw new FrontPanelError('MAILSLOT_LOCKED', `mailslot "${station}" is locked: a host has prevented medium removal`);
    await this.#operate(() => openStation(this.#library, station));
  }

  /** Closes a mailslot; if the operator used it, resolves after the scan (28/01 to every initiator). */
  async closeMailslot(name?: string): Promise<void> {
    const station = this.#station(name);
    await this.#operate(() => closeStation(this.#library, station, 'operator'));
  }

  insertIntoMailslot(cartridge: CartridgeInHand, where: { mailslot?: string; index?: number } = {}): Cartridge {
    const info = this.#mailslotElement(where, (e) => this.#library.state.element(e.address).cartridge === null);
    const placed = this.#put(info, cartridge);
    markOperatorAccess(this.#library, info.station as string);
    return placed;
  }

  /**
   * The operator slides the write-protect tab of a cartridge in hand (one taken out of the
   * library): once it is back in a drive, writes are refused with 07/27/00 and MODE SENSE says WP.
   */
  setWriteProtect(cartridge: Cartridge, on: boolean): void {
    const inHand = this.#library.state.outside.find((c) => c.id === cartridge.id);
    if (inHand === undefined) throw new FrontPanelError('NOT_OUTSIDE', `${describeCartridge(cartridge)} is in the library; take it out to reach its write-protect tab`);
    inHand.writeProtected = on;
    this.#library.commit();
  }

  takeFromMailslot(where: { mailslot?: string; index?: number } = {}): Cartridge {
    const info = this.#mailslotElement(where, (e) => this.#library.state.element(e.address).cartridge !== null);
    const taken = this.#take(info);
    markOperatorAccess(this.#library, info.station as string);
    return taken;
  }

  #station(name: string | undefined): string {
    const names = [...this.#library.state.stationOpen.keys()];
    const station = name ?? names[0];
    if (station === undefined || !names.includes(station)) {
      throw new FrontPanelError('NO_SUCH_MAILSLOT', name === undefined ? `a ${this.#library.profile.name} has no mailslot` : `no mailslot named "${name}" (have: ${names.join(', ')})`);
    }
    return station;
  }

  /** The station element at `index`, or the first one satisfying `usable` (an empty one to insert …). */
  #mailslotElement(where: { mailslot?: string; index?: number }, usable: (e: ElementInfo) => boolean): ElementInfo {
    const station = this.#station(where.mailslot);
    if (this.#library.state.stationOpen.get(station) !== true) throw new FrontPanelError('MAILSLOT_CLOSED', `mailslot "${station}" is closed; open it first`);
    const elements = this.#library.map.inStation(station);
    const info = where.index === undefined ? (elements.find(usable) ?? elements[0]) : elements[where.index];
    if (info === undefined) throw new FrontPanelError('NO_SUCH_ELEMENT', `mailslot "${station}" has no position ${String(where.index)}`);
    this.#requireMagazineIn(info);
    return info;
  }

  // ── magazines ────────────────────────────────────────────────────────────────────────────

  pullMagazine(name: string): void {
    const library = this.#library;
    const spec = this.#magazine(name);
    if (!spec.removable) throw new FrontPanelError('MAGAZINE_NOT_REMOVABLE', `magazine "${name}" is fixed`);
    if (library.state.magazinePresent.get(name) === false) throw new FrontPanelError('MAGAZINE_OUT', `magazine "${name}" is already out`);
    if (library.operatorLockedOut) throw new FrontPanelError('MAGAZINE_LOCKED', `magazine "${name}" is locked: a host has prevented medium removal`);
    if (library.claimsAny(library.map.inMagazine(name).map((e) => e.address))) {
      throw new FrontPanelError('ROBOT_BUSY', `the robot is working in magazine "${name}"`);
    }
    setMagazinePresent(library, name, false);
    library.attentions.broadcast('magazine-removed');
  }

  /** Puts a magazine back; resolves when its slots have been scanned (3B/13, then 28/00). */
  async insertMagazine(name: string): Promise<void> {
    const library = this.#library;
    this.#magazine(name);
    if (library.state.magazinePresent.get(name) !== false) throw new FrontPanelError('MAGAZINE_IN', `magazine "${name}" is already in`);
    setMagazinePresent(library, name, true);
    library.attentions.broadcast('magazine-inserted');
    await inventoryAfterOperatorAccess(library, { addresses: library.map.inMagazine(name).map((e) => e.address) }, 'not-ready-to-ready');
  }

  /** Loads a cartridge into position `position` (0-based) of a pulled magazine. */
  putIntoMagazine(name: string, position: number, cartridge: CartridgeInHand): Cartridge {
    return this.#put(this.#magazineElement(name, position), cartridge);
  }

  takeFromMagazine(name: string, position: number): Cartridge {
    return this.#take(this.#magazineElement(name, position));
  }

  #magazine(name: string): { removable: boolean } {
    const spec = this.#library.profile.magazines.find((m) => m.name === name);
    if (spec === undefined) throw new FrontPanelError('NO_SUCH_MAGAZINE', `no magazine named "${name}"`);
    return spec;
  }

  #magazineElement(name: string, position: number): ElementInfo {
    this.#magazine(name);
    if (this.#library.state.magazinePresent.get(name) !== false) throw new FrontPanelError('MAGAZINE_IN', `pull magazine "${name}" first`);
    const info = this.#library.map.inMagazine(name)[position];
    if (info === undefined) throw new FrontPanelError('NO_SUCH_ELEMENT', `magazine "${name}" has no position ${position}`);
    return info;
  }

  #requireMagazineIn(info: ElementInfo): void {
    if (!this.#library.isMagazinePresent(info)) throw new FrontPanelError('MAGAZINE_OUT', `magazine "${info.magazine}" is out of the library`);
  }

  // ── keypad ───────────────────────────────────────────────────────────────────────────────

  /**
   * The operator starts a full inventory from the panel's menu. Where the host's PREVENT MEDIUM
   * REMOVAL also locks the keypad (profile keypadLock), the panel refuses until the host allows.
   */
  async inventoryFromKeypad(): Promise<void> {
    const library = this.#library;
    if (library.profile.features.keypadLock && library.removalPrevented) {
      throw new FrontPanelError('KEYPAD_LOCKED', 'the keypad is locked: a host has prevented medium removal; the host must allow it again (ALLOW MEDIUM REMOVAL) first');
    }
    if (!library.idle) throw new FrontPanelError('ROBOT_BUSY', 'the robot is busy; try the inventory again when it is idle');
    await inventoryAfterOperatorAccess(library, {}, 'not-ready-to-ready');
  }

  // ── drives and power ─────────────────────────────────────────────────────────────────────

  /**
   * The drive's host ejects the cartridge (what `mt offline` does), so that a library requiring
   * predismount eject lets the robot take it.
   */
  async ejectDrive(driveIndex: number): Promise<void> {
    const info = this.#library.map.byIndex('drive', driveIndex);
    if (info === undefined) throw new FrontPanelError('NO_SUCH_ELEMENT', `no drive ${driveIndex}`);
    await this.#operate(() => ejectDrive(this.#library, info.address));
  }

  /**
   * Resolves when the drive has finished loading what the robot put in (what its host sees when
   * TEST UNIT READY turns good); at once when it is not loading. The robot is not involved.
   */
  async driveReady(driveIndex: number): Promise<void> {
    const info = this.#library.map.byIndex('drive', driveIndex);
    if (info === undefined) throw new FrontPanelError('NO_SUCH_ELEMENT', `no drive ${driveIndex}`);
    await driveLoaded(this.#library, info.address);
  }

  /**
   * The drive asks to be cleaned, as if its heads were dirty (what `vtlcmd <drive> TapeAlert`
   * does on mhVTL): TapeAlert 20 "Clean now", or 21 "Clean periodic", until a cleaner cleans it.
   */
  soilDrive(driveIndex: number, urgency: 'now' | 'periodic' = 'now'): void {
    soilDrive(this.#library, this.#drive(driveIndex).address, urgency);
  }

  /** The drive shows TapeAlert 20 "Clean now" (by its load count or soilDrive). */
  driveNeedsCleaning(driveIndex: number): boolean {
    return this.#library.state.cleaningOf(this.#drive(driveIndex).address).cleanNow;
  }

  #byIndex(kind: ElementKind, index: number): ElementInfo {
    const info = this.#library.map.byIndex(kind, index);
    if (info === undefined) throw new FrontPanelError('NO_SUCH_ELEMENT', `the library has no ${kind} ${index}`);
    return info;
  }

  #drive(driveIndex: number): ElementInfo {
    const info = this.#library.map.byIndex('drive', driveIndex);
    if (info === undefined) throw new FrontPanelError('NO_SUCH_ELEMENT', `no drive ${driveIndex}`);
    return info;
  }

  /** Off and on again: 29/00 to every initiator; resolves when the library is ready. */
  powerCycle(): Promise<void> {
    return powerCycle(this.#library);
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  #element(address: number, kinds: readonly ElementInfo['kind'][]): ElementInfo {
    const info = this.#library.map.get(address);
    if (info === undefined || !kinds.includes(info.kind)) throw new FrontPanelError('NO_SUCH_ELEMENT', `no ${kinds.join('/')} at address ${address}`);
    return info;
  }

  #put(info: ElementInfo, inHand: CartridgeInHand): Cartridge {
    const library = this.#library;
    const runtime = library.state.element(info.address);
    if (runtime.cartridge !== null) throw new FrontPanelError('ELEMENT_FULL', `element ${info.address} already holds a cartridge`);
    let cartridge: Cartridge;
    if (isCartridge(inHand)) {
      const i = library.state.outside.indexOf(inHand);
      if (i < 0) throw new FrontPanelError('NOT_OUTSIDE', `cartridge ${inHand.label ?? `#${inHand.id}`} is not one the operator took out`);
      library.state.outside.splice(i, 1);
      cartridge = inHand;
    } else {
      cartridge = newCartridge(library, inHand);
    }
    cartridge.source = null;
    cartridge.invertedSinceSource = false;
    cartridge.placedByOperator = info.kind === 'ieport';
    if (library.profile.features.barcodeReader) rescanLabels(cartridge);
    runtime.cartridge = cartridge;
    library.commit();
    return cartridge;
  }

  #take(info: ElementInfo): Cartridge {
    const library = this.#library;
    const runtime = library.state.element(info.address);
    const cartridge = runtime.cartridge;
    if (cartridge === null) throw new FrontPanelError('ELEMENT_EMPTY', `element ${info.address} is empty`);
    if (library.claimsAny([info.address])) throw new FrontPanelError('ROBOT_BUSY', `the robot is using element ${info.address}`);
    runtime.cartridge = null;
    runtime.loaded = false;
    library.state.outside.push(cartridge);
    library.commit();
    return cartridge;
  }

  async #operate(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof LibraryRefusal)) throw error;
      switch (error.condition) {
        case 'robot-busy':
          throw new FrontPanelError('ROBOT_BUSY', error.message);
        case 'source-empty':
          throw new FrontPanelError('ELEMENT_EMPTY', error.message);
        case 'drive-unload-failed':
          throw new FrontPanelError('UNLOAD_FAILED', error.message);
        default:
          throw error;
      }
    }
  }
}
