/**
 * The virtual library's machine: its state and the mechanics that change it (robots moving
 * cartridges, inventories, mailslots, drive unloads, power). Only two things drive it: the CDB
 * interpreter (SmcDevice) and the front panel (DESIGN §1). Timings come from the profile and pass
 * through the Clock; a power loss aborts every mechanical wait at once.
 */
import { rescanLabels, type Cartridge } from './cartridge.ts';
import type { Clock } from './clock.ts';
import { LibraryRefusal, type LibraryCondition, type OperandRole } from './conditions.ts';
import { ElementMap, type ElementInfo } from './elementMap.ts';
import type { Fault, FaultInjector, FaultTarget } from './faults.ts';
import type { ElementRuntime, LibraryState } from './libraryState.ts';
import type { ElementKind, Profile } from './profile.ts';
import { Robot } from './robot.ts';
import { ChangerTapeAlert, TapeAlertFlags } from './tapeAlert.ts';
import { UnitAttentions } from './unitAttentions.ts';

export interface MoveRequest {
  /** Transport element address; 0 = the library picks a robot (unless 0 is a picker's address). */
  readonly transport: number;
  readonly source: number;
  readonly destination: number;
  readonly invert: boolean;
}

export interface ExchangeRequest {
  readonly transport: number;
  readonly source: number;
  readonly firstDestination: number;
  readonly secondDestination: number;
  readonly invertFirst: boolean;
  readonly invertSecond: boolean;
}

export interface PositionRequest {
  readonly transport: number;
  readonly destination: number;
  readonly invert: boolean;
}

export interface InventoryScope {
  /** Element addresses to scan; undefined = every element. */
  readonly addresses?: readonly number[];
  /** FAST: presence only, labels not re-read. */
  readonly fast?: boolean;
}

export type NotReadyReason = 'booting' | 'inventory';

export interface LibraryOptions {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly state: LibraryState;
  readonly faults: FaultInjector;
  /** Zero-time mechanics: every delay is skipped (fast tests, scripted demos). */
  readonly instant?: boolean;
}

type Listener = () => void;

export class Library implements FaultTarget {
  readonly profile: Profile;
  readonly map: ElementMap;
  readonly state: LibraryState;
  readonly clock: Clock;
  readonly faults: FaultInjector;
  readonly attentions = new UnitAttentions();
  readonly tapeAlert = new TapeAlertFlags();
  readonly robots: readonly Robot[];
  readonly #instant: boolean;
  #power = new AbortController();
  #booting = false;
  #inventories = 0;
  /** Elements an in-flight command will take from or put into: others must not touch them. */
  readonly #claims = new Set<number>();
  /** Initiators holding PREVENT MEDIUM REMOVAL (SPC: one prevent state per I_T nexus). */
  readonly #preventing = new Set<string>();
  /** Mailslot stations the operator used while they were open (their close triggers a scan). */
  readonly #operatorAccessed = new Set<string>();
  readonly #changeListeners: Listener[] = [];
  readonly #powerOnListeners: Listener[] = [];
  #readyWaiters: Listener[] = [];

  constructor(options: LibraryOptions) {
    this.profile = options.profile;
    this.clock = options.clock;
    this.state = options.state;
    this.faults = options.faults;
    this.#instant = options.instant ?? false;
    this.map = new ElementMap(options.profile);
    this.robots = options.profile.robots.map((r, i) => new Robot(i, r.name, r.pickers));
    this.faults.attach(this);
    this.#refreshConditionFlags();
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

  // ── readiness ────────────────────────────────────────────────────────────────────────────

  get notReady(): NotReadyReason | null {
    if (this.#booting) return 'booting';
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

  #assertReachable(info: ElementInfo, role: OperandRole): void {
    const runtime = this.state.element(info.address);
    if (!this.isMagazinePresent(info)) throw new LibraryRefusal('magazine-removed', `magazine "${info.magazine}" is not in the library`, role);
    if (this.isStationOpen(info)) throw new LibraryRefusal('ieport-open', `mailslot "${info.station}" is open`, role);
    if (runtime.disabled) throw new LibraryRefusal('element-disabled', `element ${info.address} is disabled`, role);
  }

  #resolve(address: number, role: OperandRole, kinds: readonly ElementKind[]): ElementInfo {
    const info = this.map.get(address);
    if (info === undefined || !kinds.includes(info.kind)) {
      throw new LibraryRefusal('invalid-element-address', `no ${kinds.join('/')} element at address ${address}`, role);
    }
    return info;
  }

  // ── robots ───────────────────────────────────────────────────────────────────────────────

  /** The robot serving `transport`: a named picker's robot, or for 0 the least busy robot. */
  #robotFor(transport: number, source?: ElementInfo): { robot: Robot; picker: number | undefined } {
    const named = this.map.get(transport);
    if (named?.kind === 'transport' && named.robot !== null) {
      const robot = this.robots[named.robot] as Robot;
      if (source?.kind === 'transport' && source.robot !== named.robot) {
        throw new LibraryRefusal('invalid-element-address', `picker ${source.address} belongs to another robot`, 'source');
      }
      return { robot, picker: transport };
    }
    if (transport !== 0) throw new LibraryRefusal('invalid-element-address', `no transport element at address ${transport}`, 'transport');
    if (source?.kind === 'transport' && source.robot !== null) return { robot: this.robots[source.robot] as Robot, picker: source.address };
    const robot = [...this.robots].sort((a, b) => a.load - b.load || a.index - b.index)[0] as Robot;
    return { robot, picker: undefined };
  }

  #checkBusy(robot: Robot): void {
    if (this.profile.features.busyPolicy === 'busy' && robot.busy) {
      throw new LibraryRefusal('robot-busy', `robot "${robot.name}" is busy`, 'transport');
    }
  }

  /** A free picker of `robot` (the named one if given), or the picker that is the move's source. */
  #pickerFor(robot: Robot, named: number | undefined, source: ElementInfo): number {
    if (source.kind === 'transport') return source.address;
    const candidates = named === undefined ? robot.pickers : [named];
    const free = candidates.find((p) => this.state.element(p).cartridge === null && !this.#claims.has(p));
    if (free === undefined) throw new LibraryRefusal('transport-full', `robot "${robot.name}" has no empty picker`, 'transport');
    return free;
  }

  // ── timing ───────────────────────────────────────────────────────────────────────────────

  /** Waits on the clock; a power loss meanwhile turns into a 'power-interrupted' refusal. */
  async #wait(ms: number): Promise<void> {
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

  async #withClaims<T>(addresses: readonly number[], work: () => Promise<T>): Promise<T> {
    for (const a of addresses) this.#claims.add(a);
    try {
      return await work();
    } finally {
      for (const a of addresses) this.#claims.delete(a);
    }
  }

  // ── MOVE MEDIUM ──────────────────────────────────────────────────────────────────────────

  async move(request: MoveRequest): Promise<void> {
    const source = this.#resolve(request.source, 'source', ['transport', 'slot', 'ieport', 'drive']);
    const destination = this.#resolve(request.destination, 'destination', ['transport', 'slot', 'ieport', 'drive']);
    const { robot, picker: named } = this.#robotFor(request.transport, source);
    if (!this.profile.capabilities.move[source.kind].includes(destination.kind)) {
      throw new LibraryRefusal('invalid-combination', `moves from ${source.kind} to ${destination.kind} are not supported`, 'destination');
    }
    if (request.invert && !this.profile.features.mediumFlip) throw new LibraryRefusal('invert-not-possible', 'this transport cannot flip media', 'invert');
    this.assertMotionAllowed();
    this.#checkBusy(robot);
    await robot.run(async () => {
      this.assertMotionAllowed();
      const picker = this.#prepareMove(source, destination, robot, named, request.invert);
      await this.#withClaims([source.address, destination.address, picker], () => this.#performMove(source, destination, picker, request.invert));
    });
  }

  #takeable(info: ElementInfo, role: OperandRole, invert: boolean): Cartridge {
    this.#assertReachable(info, role);
    const runtime = this.state.element(info.address);
    if (runtime.cartridge === null || this.#claims.has(info.address)) {
      throw new LibraryRefusal('source-empty', `element ${info.address} is empty`, role);
    }
    if (invert && runtime.cartridge.sides === 1) throw new LibraryRefusal('invert-not-possible', 'the medium has only one side', role === 'source' ? 'invert' : 'second-invert');
    if (info.kind === 'drive' && runtime.loaded && this.profile.features.predismountEjectRequired) {
      throw new LibraryRefusal('drive-not-unloaded', `drive ${info.address} has not ejected its cartridge`, role);
    }
    return runtime.cartridge;
  }

  #placeable(info: ElementInfo, role: OperandRole, exceptFrom?: number): void {
    this.#assertReachable(info, role);
    const runtime = this.state.element(info.address);
    const occupied = runtime.cartridge !== null && info.address !== exceptFrom;
    if (occupied || (this.#claims.has(info.address) && info.address !== exceptFrom)) {
      throw new LibraryRefusal('destination-full', `element ${info.address} is full`, role);
    }
  }

  #prepareMove(source: ElementInfo, destination: ElementInfo, robot: Robot, named: number | undefined, invert: boolean): number {
    this.#takeable(source, 'source', invert);
    this.#placeable(destination, 'destination');
    return this.#pickerFor(robot, named, source);
  }

  async #performMove(source: ElementInfo, destination: ElementInfo, picker: number, invert: boolean): Promise<void> {
    const t = this.profile.timings;
    await this.#unloadForPick(source);
    const travel = t.moveMs + (invert ? t.invertMs : 0);
    await this.#wait(travel / 2);
    const cartridge = this.#pick(source, picker, invert);
    this.#strikeMoveFault();
    await this.#wait(travel - travel / 2);
    this.#place(cartridge, picker, destination);
    await this.#afterPlace(cartridge, destination);
  }

  /** Without predismount eject the library unloads a loaded drive itself before pulling. */
  async #unloadForPick(source: ElementInfo): Promise<void> {
    const runtime = this.state.element(source.address);
    if (source.kind !== 'drive' || !runtime.loaded) return;
    await this.#wait(this.profile.timings.driveUnloadMs);
    if (runtime.stuck) {
      this.tapeAlert.raise(ChangerTapeAlert.LIBRARY_HARDWARE_A);
      throw new LibraryRefusal('drive-unload-failed', `drive ${source.address} refused to unload`, 'source');
    }
    runtime.loaded = false;
    this.commit();
  }

  #pick(source: ElementInfo, picker: number, invert: boolean): Cartridge {
    const from = this.state.element(source.address);
    const cartridge = from.cartridge as Cartridge;
    from.cartridge = null;
    from.loaded = false;
    if (source.kind === 'slot' || source.kind === 'ieport') {
      cartridge.source = source.address;
      cartridge.invertedSinceSource = false;
    }
    if (invert) {
      cartridge.flipped = !cartridge.flipped;
      cartridge.invertedSinceSource = !cartridge.invertedSinceSource;
    }
    cartridge.placedByOperator = false;
    this.state.element(picker).cartridge = cartridge;
    this.commit();
    return cartridge;
  }

  /** A fault striking with the cartridge in the picker: jam leaves it there; power loss aborts. */
  #strikeMoveFault(): void {
    const fault = this.faults.atPick();
    if (fault === 'robot-jam') {
      this.tapeAlert.raise(ChangerTapeAlert.LIBRARY_HARDWARE_B);
      this.tapeAlert.raise(ChangerTapeAlert.LIBRARY_STRAY_TAPE);
      throw new LibraryRefusal('mechanical-jam', 'the robot jammed with the cartridge in its picker');
    }
    if (fault === 'power-loss') {
      this.powerLoss();
      throw new LibraryRefusal('power-interrupted', 'power failed during the move');
    }
  }

  #place(cartridge: Cartridge, picker: number, destination: ElementInfo): void {
    this.state.element(picker).cartridge = null;
    const to = this.state.element(destination.address);
    to.cartridge = cartridge;
    this.commit();
  }

  /** A drive loads what it is given; a cleaner cleans and is ejected (or refused when used up). */
  async #afterPlace(cartridge: Cartridge, destination: ElementInfo): Promise<void> {
    if (destination.kind !== 'drive') return;
    const runtime = this.state.element(destination.address);
    if (cartridge.kind === 'cleaning') {
      if (cartridge.cleaningUsesLeft !== null && cartridge.cleaningUsesLeft > 0) cartridge.cleaningUsesLeft--;
      runtime.loaded = false;
      this.commit();
      return;
    }
    runtime.loaded = true;
    this.commit();
    await this.#wait(this.profile.timings.driveLoadMs);
  }

  // ── EXCHANGE MEDIUM ──────────────────────────────────────────────────────────────────────

  async exchange(request: ExchangeRequest): Promise<void> {
    const kinds: ElementKind[] = ['slot', 'ieport', 'drive'];
    const source = this.#resolve(request.source, 'source', kinds);
    const first = this.#resolve(request.firstDestination, 'destination', kinds);
    const second = this.#resolve(request.secondDestination, 'second-destination', kinds);
    const { robot, picker: named } = this.#robotFor(request.transport);
    const matrix = this.profile.capabilities.exchange;
    if (!matrix[source.kind].includes(first.kind) || !matrix[first.kind].includes(second.kind)) {
      throw new LibraryRefusal('invalid-combination', `exchange between ${source.kind}, ${first.kind} and ${second.kind} is not supported`, 'destination');
    }
    if ((request.invertFirst || request.invertSecond) && !this.profile.features.mediumFlip) {
      throw new LibraryRefusal('invert-not-possible', 'this transport cannot flip media', request.invertFirst ? 'invert' : 'second-invert');
    }
    if (first.address === source.address) throw new LibraryRefusal('invalid-element-address', 'source and first destination are the same element', 'destination');
    this.assertMotionAllowed();
    this.#checkBusy(robot);
    await robot.run(async () => {
      this.assertMotionAllowed();
      this.#takeable(source, 'source', request.invertFirst);
      this.#takeable(first, 'destination', request.invertSecond);
      this.#placeable(second, 'second-destination', source.address);
      const free = robot.pickers.filter((p) => this.state.element(p).cartridge === null && !this.#claims.has(p));
      if (named !== undefined && !free.includes(named)) throw new LibraryRefusal('transport-full', `picker ${named} is full`, 'transport');
      const pickers = named === undefined ? free : [named, ...free.filter((p) => p !== named)];
      if (pickers.length < 2) throw new LibraryRefusal('transport-full', `robot "${robot.name}" needs two empty pickers to exchange`, 'transport');
      const [a, b] = pickers as [number, number];
      const claims = [source.address, first.address, second.address, a, b];
      await this.#withClaims(claims, () => this.#performExchange(source, first, second, [a, b], request));
    });
  }

  async #performExchange(source: ElementInfo, first: ElementInfo, second: ElementInfo, pickers: [number, number], request: ExchangeRequest): Promise<void> {
    const quarter = this.profile.timings.exchangeMs / 4 + (request.invertFirst || request.invertSecond ? this.profile.timings.invertMs / 4 : 0);
    await this.#unloadForPick(source);
    await this.#wait(quarter);
    const moving = this.#pick(source, pickers[0], request.invertFirst);
    this.#strikeMoveFault();
    await this.#unloadForPick(first);
    await this.#wait(quarter);
    const displaced = this.#pick(first, pickers[1], request.invertSecond);
    await this.#wait(quarter);
    this.#place(moving, pickers[0], first);
    await this.#afterPlace(moving, first);
    await this.#wait(quarter);
    this.#place(displaced, pickers[1], second);
    await this.#afterPlace(displaced, second);
  }

  // ── POSITION TO ELEMENT, REZERO ──────────────────────────────────────────────────────────

  async position(request: PositionRequest): Promise<void> {
    const destination = this.#resolve(request.destination, 'destination', ['slot', 'ieport', 'drive']);
    const { robot } = this.#robotFor(request.transport);
    if (request.invert && !this.profile.features.mediumFlip) throw new LibraryRefusal('invert-not-possible', 'this transport cannot flip media', 'invert');
    this.assertMotionAllowed();
    this.#checkBusy(robot);
    await robot.run(async () => {
      this.assertMotionAllowed();
      this.#assertReachable(destination, 'destination');
      await this.#wait(this.profile.timings.positionMs + (request.invert ? this.profile.timings.invertMs : 0));
    });
  }

  /** REZERO UNIT: every robot recalibrates (homes) once its current work is done. */
  async rezero(): Promise<void> {
    this.assertMotionAllowed();
    await Promise.all(this.robots.map((robot) => robot.run(() => this.#wait(this.profile.timings.rezeroMs))));
  }

  // ── inventory ────────────────────────────────────────────────────────────────────────────

  /** Elements an inventory scans (transports hold nothing between commands). */
  #inventoryTargets(scope: InventoryScope): ElementInfo[] {
    const all = this.map.all.filter((e) => e.kind !== 'transport');
    if (scope.addresses === undefined) return all;
    const wanted = new Set(scope.addresses);
    return all.filter((e) => wanted.has(e.address));
  }

  inventoryDuration(count: number, fast: boolean): number {
    const t = this.profile.timings;
    const perElement = this.profile.features.barcodeReader || fast ? t.inventoryPerElementMs : t.inventoryPerElementNoLabelMs;
    return t.inventoryBaseMs + perElement * count;
  }

  /**
   * Scans elements: the library is not ready (02/04/01) while it runs. Queued behind the first
   * robot's current work, since that robot carries the scanner.
   */
  async inventory(scope: InventoryScope = {}): Promise<void> {
    const targets = this.#inventoryTargets(scope);
    const robot = this.robots[0] as Robot;
    this.#inventories++;
    try {
      await robot.run(async () => {
        await this.#wait(this.inventoryDuration(targets.length, scope.fast ?? false));
        if (!(scope.fast ?? false)) this.#rescan(targets);
      });
    } finally {
      this.#inventories--;
      this.#maybeReady();
    }
  }

  #rescan(targets: readonly ElementInfo[]): void {
    if (!this.profile.features.barcodeReader) return;
    for (const e of targets) {
      const cartridge = this.state.element(e.address).cartridge;
      if (cartridge !== null) rescanLabels(cartridge);
    }
    this.commit();
  }

  /** An inventory after the operator had access; every initiator hears 28/00 when it is over. */
  async inventoryAfterOperatorAccess(scope: InventoryScope = {}): Promise<void> {
    try {
      await this.inventory(scope);
      this.attentions.broadcast('not-ready-to-ready');
    } catch (error) {
      if (!(error instanceof LibraryRefusal && error.condition === 'power-interrupted')) throw error;
    }
  }

  // ── mailslots ────────────────────────────────────────────────────────────────────────────

  /**
   * Opens a mailslot station to the operator (host OPEN IMPORT/EXPORT ELEMENT or front panel).
   * PREVENT keeps cartridges in: a host may open a station only while it is empty (Dell TL2000).
   */
  async openStation(name: string): Promise<void> {
    if (this.state.stationOpen.get(name) === true) return;
    const elements = this.map.inStation(name);
    if (this.claimsAny(elements.map((e) => e.address))) throw new LibraryRefusal('robot-busy', `the robot is using mailslot "${name}"`);
    await this.#wait(this.profile.timings.mailslotOpenMs);
    this.state.stationOpen.set(name, true);
    this.#operatorAccessed.delete(name);
    this.commit();
  }

  /** The operator put a cartridge into or took one from an open station. */
  markOperatorAccess(name: string): void {
    this.#operatorAccessed.add(name);
  }

  /** Closes a station; if the operator used it, the reader scans it and everyone hears 28/01. */
  async closeStation(name: string): Promise<void> {
    if (this.state.stationOpen.get(name) !== true) return;
    await this.#wait(this.profile.timings.mailslotCloseMs);
    this.state.stationOpen.set(name, false);
    this.commit();
    const operatorAccessed = this.#operatorAccessed.delete(name);
    if (!operatorAccessed) return;
    try {
      await this.inventory({ addresses: this.map.inStation(name).map((e) => e.address) });
      this.attentions.broadcast('ie-element-accessed');
    } catch (error) {
      if (!(error instanceof LibraryRefusal && error.condition === 'power-interrupted')) throw error;
    }
  }

  stationHoldsMedia(name: string): boolean {
    return this.map.inStation(name).some((e) => this.state.element(e.address).cartridge !== null);
  }

  // ── drives ───────────────────────────────────────────────────────────────────────────────

  /** The drive's host ejects (unloads) the cartridge so the robot can take it. */
  async ejectDrive(address: number): Promise<void> {
    const info = this.#resolve(address, 'source', ['drive']);
    const runtime = this.state.element(info.address);
    if (runtime.cartridge === null) throw new LibraryRefusal('source-empty', `drive ${address} is empty`, 'source');
    if (!runtime.loaded) return;
    await this.#wait(this.profile.timings.driveUnloadMs);
    if (runtime.stuck) {
      this.tapeAlert.raise(ChangerTapeAlert.LIBRARY_HARDWARE_A);
      throw new LibraryRefusal('drive-unload-failed', `drive ${address} refused to unload`, 'source');
    }
    runtime.loaded = false;
    this.commit();
  }

  // ── door and magazines (operator side effects) ─────────────────────────────────────────────

  async setDoorOpen(open: boolean): Promise<void> {
    if (this.state.doorOpen === open) return;
    await this.#wait(open ? this.profile.timings.doorOpenMs : this.profile.timings.doorCloseMs);
    this.state.doorOpen = open;
    this.#refreshConditionFlags();
    this.commit();
  }

  setMagazinePresent(name: string, present: boolean): void {
    this.state.magazinePresent.set(name, present);
    this.#refreshConditionFlags();
    this.commit();
  }

  #refreshConditionFlags(): void {
    this.tapeAlert.setCondition(ChangerTapeAlert.LIBRARY_DOOR, this.state.doorOpen);
    this.tapeAlert.setCondition(ChangerTapeAlert.LIBRARY_MAGAZINE, [...this.state.magazinePresent.values()].includes(false));
    const disabled = this.map.all.filter((e) => this.state.element(e.address).disabled);
    this.tapeAlert.setCondition(ChangerTapeAlert.LIBRARY_DRIVE_OFFLINE, disabled.some((e) => e.kind === 'drive'));
    this.tapeAlert.setCondition(ChangerTapeAlert.LIBRARY_MAINTENANCE, disabled.some((e) => e.kind !== 'drive'));
  }

  // ── power ────────────────────────────────────────────────────────────────────────────────

  /**
   * Power fails: every mechanical wait aborts, volatile state (unit attentions, prevent) is lost,
   * then the library boots again: self test, picker recovery, full inventory.
   */
  powerLoss(): void {
    this.#power.abort();
    this.#power = new AbortController();
    this.#preventing.clear();
    this.attentions.powerOn();
    this.tapeAlert.clearAll();
    this.#refreshConditionFlags();
    this.#booting = true;
    void this.#boot();
  }

  async #boot(): Promise<void> {
    const power = this.#power;
    try {
      await this.#wait(this.profile.timings.powerOnMs);
      if (this.profile.features.powerOnClearsPicker) this.#returnPickerCartridges();
      for (const listener of this.#powerOnListeners) listener();
      this.#booting = false;
      await this.inventory();
    } catch (error) {
      if (!(error instanceof LibraryRefusal && error.condition === 'power-interrupted')) throw error;
    } finally {
      if (power === this.#power) {
        this.#booting = false;
        this.#maybeReady();
      }
    }
  }

  /** At power-on a robot puts a cartridge found in its picker back where it came from, or in the first free slot. */
  #returnPickerCartridges(): void {
    for (const picker of this.map.ofKind('transport')) {
      const runtime = this.state.element(picker.address);
      const cartridge = runtime.cartridge;
      if (cartridge === null) continue;
      const home = cartridge.source === null ? undefined : this.map.get(cartridge.source);
      const target =
        home !== undefined && this.state.element(home.address).cartridge === null && this.reachable(home)
          ? home
          : this.map.ofKind('slot').find((s) => this.state.element(s.address).cartridge === null && this.reachable(s));
      if (target === undefined) continue;
      runtime.cartridge = null;
      this.state.element(target.address).cartridge = cartridge;
    }
    this.commit();
  }

  /** Press the power button: off, then on; resolves when the library is ready again. */
  async powerCycle(): Promise<void> {
    this.powerLoss();
    await this.whenReady();
  }

  // ── faults ───────────────────────────────────────────────────────────────────────────────

  applyPartFault(fault: Fault, on: boolean): void {
    switch (fault.kind) {
      case 'drive-stuck':
        this.#resolve(fault.address, 'source', ['drive']);
        this.state.element(fault.address).stuck = on;
        break;
      case 'element-disabled':
        this.#resolve(fault.address, 'source', ['transport', 'slot', 'ieport', 'drive']);
        this.state.element(fault.address).disabled = on;
        break;
      case 'label-unreadable': {
        const found = this.findCartridge(fault.barcode);
        if (found === undefined) throw new RangeError(`no cartridge labelled ${fault.barcode}`);
        found.labelUnreadable = on;
        rescanLabels(found);
        if (on) {
          this.tapeAlert.raise(ChangerTapeAlert.UNREADABLE_BAR_CODE_LABELS);
          this.tapeAlert.raise(ChangerTapeAlert.LIBRARY_SCAN_RETRY);
        }
        break;
      }
      default:
        return;
    }
    this.#refreshConditionFlags();
    this.commit();
  }

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
