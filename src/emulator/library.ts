/**
 * The virtual library's state holder: its profile, element map, state, clock and robots, plus the
 * primitives every mechanism is built from (waiting on the clock, claiming elements, checking
 * reachability, readiness) and its events (change, power-on, drive load). The verbs live in their
 * own mechanics modules, which take the library: transportMechanics.ts (MOVE, EXCHANGE, POSITION,
 * REZERO), driveMechanics.ts (thread, unthread, clean), inventoryMechanics.ts, mailslotMechanics.ts
 * (mailslots, door, magazines) and powerMechanics.ts. Only two things call the mechanics: the CDB
 * interpreters (SmcDevice, SscDevice) and the front panel (DESIGN §1). A power loss aborts every
 * mechanical wait at once.
 */
import { setMaxListeners } from 'node:events';
import type { Cartridge } from './cartridge.ts';
import type { Clock } from '../shared/clock.ts';
import { LibraryRefusal, type LibraryCondition, type OperandRole } from './conditions.ts';
import { ElementMap, type ElementInfo } from './elementMap.ts';
import type { FaultInjector } from './faults.ts';
import type { ElementRuntime, LibraryState } from './libraryState.ts';
import { applyPartFault } from './partFaults.ts';
import { powerLoss } from './powerMechanics.ts';
import { gripperAddresses, type ElementKind, type Profile } from './profile.ts';
import { Robot } from './robot.ts';
import { ChangerTapeAlert, DriveTapeAlert, TapeAlertFlags } from './tapeAlert.ts';
import { TapeShelf } from './tape/tapeShelf.ts';
import { UnitAttentions } from './unitAttentions.ts';

export type NotReadyReason = 'booting' | 'inventory';

export interface LibraryOptions {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly state: LibraryState;
  readonly faults: FaultInjector;
  /** Zero-time mechanics: every delay is skipped (fast tests, scripted demos). */
  readonly instant?: boolean;
  /** Where the cartridges' tapes are kept; default: in memory. */
  readonly tapes?: TapeShelf;
}

type Listener = () => void;
/** `requestedBy`: the initiator whose LOAD threaded the tape, if a host did (every initiator, that one too, hears 28/00). */
type DriveListener = (address: number, requestedBy: string | undefined) => void;

/**
 * The power the mechanics run on. Every mechanical wait in flight listens on it for a power loss,
 * so it has as many listeners as the library has mechanisms moving at once — every drive of a large
 * library unloading together is more than EventTarget's default of 10, which is no leak.
 */
function newPower(): AbortController {
  const power = new AbortController();
  setMaxListeners(Number.POSITIVE_INFINITY, power.signal);
  return power;
}

export class Library {
  readonly profile: Profile;
  readonly map: ElementMap;
  readonly state: LibraryState;
  readonly clock: Clock;
  readonly faults: FaultInjector;
  readonly attentions = new UnitAttentions();
  readonly tapeAlert = new TapeAlertFlags();
  readonly robots: readonly Robot[];
  /** What is written on each cartridge (emulator/tape). */
  readonly tapes: TapeShelf;
  readonly #instant: boolean;
  #power = newPower();
  /** The power-on test or inventory under way, for the progress indication of 02/04/01. */
  #longWait: { start: number; end: number } | null = null;
  /** Power-on self test under way (powerMechanics.ts): not ready, 'booting'. */
  booting = false;
  #inventories = 0;
  /** Elements an in-flight command will take from or put into: others must not touch them. */
  readonly #claims = new Set<number>();
  /** Initiators holding PREVENT MEDIUM REMOVAL (SPC: one prevent state per I_T nexus). */
  readonly #preventing = new Set<string>();
  /** Mailslot stations the operator used while they were open (their close triggers a scan); mailslotMechanics.ts. */
  readonly operatorAccessed = new Set<string>();
  readonly #changeListeners: Listener[] = [];
  readonly #powerOnListeners: Listener[] = [];
  readonly #driveLoadListeners: DriveListener[] = [];
  /** Per drive address: the threading or cleaning under way (settles, never rejects); driveMechanics.ts. */
  readonly driveWork = new Map<number, Promise<void>>();
  /** Per drive address: the drive's own TapeAlert flags (LOG SENSE 2Eh on its LUN). */
  readonly #driveTapeAlerts = new Map<number, TapeAlertFlags>();
  #readyWaiters: Listener[] = [];
  /** Unexpected failures of a boot running in the background (a bug if ever non-empty). */
  readonly bootErrors: unknown[] = [];

  constructor(options: LibraryOptions) {
    this.profile = options.profile;
    this.clock = options.clock;
    this.state = options.state;
    this.faults = options.faults;
    this.#instant = options.instant ?? false;
    this.tapes = options.tapes ?? TapeShelf.inMemory(options.profile);
    this.map = new ElementMap(options.profile);
    this.robots = options.profile.robots.map((r, i) => new Robot(i, r.name, gripperAddresses(r)));
    this.faults.attach({ applyPartFault: (fault, on) => applyPartFault(this, fault, on), powerLoss: () => powerLoss(this) });
    this.refreshConditionFlags();
    for (const drive of this.map.ofKind('drive')) {
      this.#driveTapeAlerts.set(drive.address, new TapeAlertFlags());
      this.refreshDriveConditions(drive.address);
    }
  }

  /** Zero-time mechanics: every wait is skipped, so work that only waits can be done at once. */
  get instant(): boolean {
    return this.#instant;
  }

  // ── observers ────────────────────────────────────────────────────────────────────────────

  /** Called after every state change (persistence writes the state file). */
  onChange(listener: Listener): void {
    this.#changeListeners.push(listener);
  }

  /** Called when power comes back (the SCSI front forgets reservations, mode changes …). */
  onPowerOn(listener: Listener): void {
    this.#powerOnListeners.push(listener);
  }

  commit(): void {
    for (const listener of this.#changeListeners) listener();
  }

  /** Called when a drive has threaded a cartridge (its host then hears 28/00 and starts at the beginning of the tape). */
  onDriveLoad(listener: DriveListener): void {
    this.#driveLoadListeners.push(listener);
  }

  // ── readiness ────────────────────────────────────────────────────────────────────────────

  get notReady(): NotReadyReason | null {
    if (this.booting) return 'booting';
    if (this.#inventories > 0) return 'inventory';
    return null;
  }

  /** Resolves when power-on and any inventory are over. */
  whenReady(): Promise<void> {
    if (this.notReady === null) return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  #maybeReady(): void {
    if (this.notReady !== null) return;
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const w of waiters) w();
  }

  /** Throws unless the robot may move now: powered up, no inventory, door closed. */
  assertMotionAllowed(): void {
    if (this.notReady !== null) throw new LibraryRefusal('becoming-ready', `library not ready (${this.notReady})`);
    if (this.state.doorOpen) throw new LibraryRefusal('door-open', 'the library door is open');
  }

  /** No robot is working and no command holds an element. */
  get idle(): boolean {
    return this.#claims.size === 0 && this.robots.every((r) => !r.busy);
  }

  /** Some in-flight command uses one of these elements. */
  claimsAny(addresses: readonly number[]): boolean {
    return addresses.some((a) => this.#claims.has(a));
  }

  isClaimed(address: number): boolean {
    return this.#claims.has(address);
  }

  // ── prevent medium removal ─────────────────────────────────────────────────────────────────

  get removalPrevented(): boolean {
    return this.#preventing.size > 0;
  }

  setPrevent(initiator: string, prevent: boolean): void {
    if (prevent) this.#preventing.add(initiator);
    else this.#preventing.delete(initiator);
  }

  /** A reset clears every initiator's prevent state (SPC). */
  clearPrevent(): void {
    this.#preventing.clear();
  }

  /** True when PREVENT keeps the operator out (the profile's lock is fitted and engaged). */
  get operatorLockedOut(): boolean {
    return this.profile.features.removalLock && this.removalPrevented;
  }

  // ── element availability ───────────────────────────────────────────────────────────────────

  element(address: number): { info: ElementInfo; runtime: ElementRuntime } | undefined {
    const info = this.map.get(address);
    return info === undefined ? undefined : { info, runtime: this.state.element(address) };
  }

  isMagazinePresent(info: ElementInfo): boolean {
    return info.magazine === null || this.state.magazinePresent.get(info.magazine) !== false;
  }

  isStationOpen(info: ElementInfo): boolean {
    return info.station !== null && this.state.stationOpen.get(info.station) === true;
  }

  /** The transport can reach the element (descriptor ACCESS, before drive-specific rules). */
  reachable(info: ElementInfo): boolean {
    const runtime = this.state.element(info.address);
    return !runtime.disabled && this.isMagazinePresent(info) && !this.isStationOpen(info);
  }

  /** Throws the refusal a real library gives for an element the robot cannot reach. */
  assertReachable(info: ElementInfo, role: OperandRole): void {
    const runtime = this.state.element(info.address);
    if (!this.isMagazinePresent(info)) throw new LibraryRefusal('magazine-removed', `magazine "${info.magazine}" is not in the library`, role);
    if (this.isStationOpen(info)) throw new LibraryRefusal('ieport-open', `mailslot "${info.station}" is open`, role);
    if (runtime.disabled) throw new LibraryRefusal('element-disabled', `element ${info.address} is disabled`, role);
  }

  /** The element at `address` if it is of one of `kinds`, else 21/01 for that operand. */
  resolveElement(address: number, role: OperandRole, kinds: readonly ElementKind[]): ElementInfo {
    const info = this.map.get(address);
    if (info === undefined || !kinds.includes(info.kind)) {
      throw new LibraryRefusal('invalid-element-address', `no ${kinds.join('/')} element at address ${address}`, role);
    }
    return info;
  }

  // ── timing ───────────────────────────────────────────────────────────────────────────────

  /**
   * Waits on the clock; a power loss meanwhile turns into a 'power-interrupted' refusal.
   * `reportsProgress`: this is the long operation a host polling 02/04/01 sees progress of.
   */
  async wait(ms: number, options: { reportsProgress?: boolean } = {}): Promise<void> {
    if (options.reportsProgress !== true) return this.#sleep(ms);
    const span = { start: this.clock.now(), end: this.clock.now() + ms };
    this.#longWait = span;
    try {
      await this.#sleep(ms);
    } finally {
      if (this.#longWait === span) this.#longWait = null;
    }
  }

  /** How far the long operation under way is, 0…1; undefined when there is none. */
  get progress(): number | undefined {
    const span = this.#longWait;
    if (span === null || this.notReady === null) return undefined;
    if (span.end <= span.start) return 0;
    return Math.min(1, Math.max(0, (this.clock.now() - span.start) / (span.end - span.start)));
  }

  async #sleep(ms: number): Promise<void> {
    if (this.#instant || ms <= 0) {
      if (this.#power.signal.aborted) throw new LibraryRefusal('power-interrupted', 'power failed');
      return;
    }
    const signal = this.#power.signal;
    try {
      await this.clock.sleep(ms, signal);
    } catch (error) {
      if (signal.aborted) throw new LibraryRefusal('power-interrupted', 'power failed during the operation');
      throw error;
    }
  }

  /** Marks elements as in use by a command for the duration of `work`. */
  async withClaims<T>(addresses: readonly number[], work: () => Promise<T>): Promise<T> {
    for (const a of addresses) this.#claims.add(a);
    try {
      return await work();
    } finally {
      for (const a of addresses) this.#claims.delete(a);
    }
  }

  // ── inventories (inventoryMechanics.ts) ─────────────────────────────────────────────────

  /** Runs `work` with the library not ready (02/04/01) for its whole duration. */
  async duringInventory<T>(work: () => Promise<T>): Promise<T> {
    this.#inventories++;
    try {
      return await work();
    } finally {
      this.#inventories--;
      this.#maybeReady();
    }
  }

  // ── drives (driveMechanics.ts) ───────────────────────────────────────────────────────────

  /** Tells the drive-load listeners that the drive at `address` has threaded its cartridge. */
  driveLoadDone(address: number, requestedBy: string | undefined): void {
    for (const listener of this.#driveLoadListeners) listener(address, requestedBy);
  }

  driveTapeAlert(address: number): TapeAlertFlags {
    const flags = this.#driveTapeAlerts.get(address);
    if (flags === undefined) throw new RangeError(`no drive at address ${address}`);
    return flags;
  }

  /** Flags 20/21 of a drive mirror its persistent cleaning state. */
  refreshDriveConditions(address: number): void {
    const cleaning = this.state.cleaningOf(address);
    const flags = this.driveTapeAlert(address);
    flags.setCondition(DriveTapeAlert.CLEAN_NOW, cleaning.cleanNow);
    flags.setCondition(DriveTapeAlert.CLEAN_PERIODIC, cleaning.cleanPeriodic);
  }

  // ── condition flags ──────────────────────────────────────────────────────────────────────

  /** TapeAlert flags that mirror the state: door open, magazine out, parts disabled. */
  refreshConditionFlags(): void {
    this.tapeAlert.setCondition(ChangerTapeAlert.LIBRARY_DOOR, this.state.doorOpen);
    this.tapeAlert.setCondition(ChangerTapeAlert.LIBRARY_MAGAZINE, [...this.state.magazinePresent.values()].includes(false));
    const disabled = this.map.all.filter((e) => this.state.element(e.address).disabled);
    this.tapeAlert.setCondition(ChangerTapeAlert.LIBRARY_DRIVE_OFFLINE, disabled.some((e) => e.kind === 'drive'));
    this.tapeAlert.setCondition(ChangerTapeAlert.LIBRARY_MAINTENANCE, disabled.some((e) => e.kind !== 'drive'));
  }

  // ── power (powerMechanics.ts) ──────────────────────────────────────────────────────────

  /** The power the mechanics run on now: a new object after every power loss. */
  get power(): AbortSignal {
    return this.#power.signal;
  }

  /** Power fails: every mechanical wait aborts at once (a 'power-interrupted' refusal). */
  cutPower(): void {
    this.#power.abort();
    this.#power = newPower();
  }

  /** The boot is over: whoever waits for readiness goes on, unless an inventory still runs. */
  endBoot(): void {
    this.booting = false;
    this.#maybeReady();
  }

  /** Tells the power-on listeners that power is back (the SCSI front forgets reservations …). */
  poweredOn(): void {
    for (const listener of this.#powerOnListeners) listener();
  }

  // ── cartridges ───────────────────────────────────────────────────────────────────────────

  /** A cartridge by its physical label, wherever it is (inside or taken out). */
  findCartridge(label: string): Cartridge | undefined {
    for (const { cartridge } of this.state.cartridges()) if (cartridge.label === label) return cartridge;
    return this.state.outside.find((c) => c.label === label);
  }

  /** The address holding a cartridge, if it is inside the library. */
  addressOf(cartridge: Cartridge): number | undefined {
    for (const { address, cartridge: c } of this.state.cartridges()) if (c === cartridge) return address;
    return undefined;
  }
}

export function isRefusal(error: unknown, condition?: LibraryCondition): error is LibraryRefusal {
  return error instanceof LibraryRefusal && (condition === undefined || error.condition === condition);
}
