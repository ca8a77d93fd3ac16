/**
 * What a robot does for MOVE MEDIUM, EXCHANGE MEDIUM, POSITION TO ELEMENT and REZERO UNIT: the
 * checks a real library makes (in the order it makes them: addresses and capabilities at once,
 * element states when the robot's turn comes), then travel, pick and place on the clock. A pick
 * is the moment faults strike, so a jammed or power-cut move leaves its cartridge in the picker.
 */
import type { Cartridge } from './cartridge.ts';
import { LibraryRefusal, type OperandRole } from './conditions.ts';
import type { ElementInfo } from './elementMap.ts';
import type { Library } from './library.ts';
import type { ElementKind } from './profile.ts';
import type { Robot } from './robot.ts';
import { countDriveLoad } from './driveCleaning.ts';
import { runCleaningCycle, threadDrive, unthreadDrive } from './driveMechanics.ts';
import { powerLoss } from './powerMechanics.ts';
import { ChangerTapeAlert } from './tapeAlert.ts';

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

const ANY_KIND: readonly ElementKind[] = ['transport', 'slot', 'ieport', 'drive'];
const STORING_KINDS: readonly ElementKind[] = ['slot', 'ieport', 'drive'];

/** The robot serving `transport`: a named picker's robot, or for 0 the least busy robot. */
function robotFor(library: Library, transport: number, source?: ElementInfo): { robot: Robot; picker: number | undefined } {
  const named = library.map.get(transport);
  if (named?.kind === 'transport' && named.robot !== null) {
    const robot = library.robots[named.robot] as Robot;
    if (source?.kind === 'transport' && source.robot !== named.robot) {
      throw new LibraryRefusal('invalid-element-address', `picker ${source.address} belongs to another robot`, 'source');
    }
    return { robot, picker: transport };
  }
  if (transport !== 0) throw new LibraryRefusal('invalid-element-address', `no transport element at address ${transport}`, 'transport');
  if (source?.kind === 'transport' && source.robot !== null) return { robot: library.robots[source.robot] as Robot, picker: source.address };
  const robot = [...library.robots].sort((a, b) => a.load - b.load || a.index - b.index)[0] as Robot;
  return { robot, picker: undefined };
}

/** BUSY status for a busy robot, where the profile answers so rather than queueing. */
function checkBusy(library: Library, robot: Robot): void {
  if (library.profile.features.busyPolicy === 'busy' && robot.busy) {
    throw new LibraryRefusal('robot-busy', `robot "${robot.name}" is busy`, 'transport');
  }
}

/**
 * The robot's grippers a command needs, all empty: a move uses the one that is the transport
 * element; an exchange adds the second (hidden) one. 3B/A0-style refusal when one is full.
 */
function freePickers(library: Library, robot: Robot, count: number): number[] {
  const grippers = robot.pickers.slice(0, count);
  if (grippers.length < count) throw new LibraryRefusal('transport-full', `robot "${robot.name}" has no second gripper`, 'transport');
  const full = grippers.find((p) => library.state.element(p).cartridge !== null || library.isClaimed(p));
  if (full !== undefined) throw new LibraryRefusal('transport-full', full === robot.pickers[0] ? `transport ${full} is full` : `robot "${robot.name}" has no empty gripper to spare`, 'transport');
  return grippers;
}

/** A cartridge the robot can take from `info` now, or the reason it cannot. */
function takeable(library: Library, info: ElementInfo, role: OperandRole, invert: boolean): Cartridge {
  library.assertReachable(info, role);
  const runtime = library.state.element(info.address);
  if (runtime.cartridge === null || library.isClaimed(info.address)) throw new LibraryRefusal('source-empty', `element ${info.address} is empty`, role);
  if (invert && runtime.cartridge.sides === 1) throw new LibraryRefusal('invert-not-possible', 'the medium has only one side', role === 'source' ? 'invert' : 'second-invert');
  if (info.kind === 'drive' && runtime.loaded && library.profile.features.predismountEjectRequired) {
    throw new LibraryRefusal('drive-not-unloaded', `drive ${info.address} has not ejected its cartridge`, role);
  }
  return runtime.cartridge;
}

/** Throws unless the robot can put a cartridge into `info` (which may be `emptiedBy`, the element this command empties first). */
function placeable(library: Library, info: ElementInfo, role: OperandRole, emptiedBy?: number): void {
  library.assertReachable(info, role);
  if (info.address === emptiedBy) return;
  if (library.state.element(info.address).cartridge !== null || library.isClaimed(info.address)) {
    throw new LibraryRefusal('destination-full', `element ${info.address} is full`, role);
  }
}

/** Without predismount eject the library has a loaded drive unload before pulling. */
async function unloadForPick(library: Library, source: ElementInfo): Promise<void> {
  if (source.kind === 'drive') await unthreadDrive(library, source.address);
}

/** The picker takes the cartridge; leaving a slot or mailslot makes that its source address. */
function pick(library: Library, source: ElementInfo, picker: number, invert: boolean): Cartridge {
  const from = library.state.element(source.address);
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
  library.state.element(picker).cartridge = cartridge;
  library.commit();
  return cartridge;
}

/** A fault striking with the cartridge in the picker: a jam leaves it there; a power loss aborts. */
function strikeMoveFault(library: Library): void {
  const fault = library.faults.atPick();
  if (fault === 'robot-jam') {
    library.tapeAlert.raise(ChangerTapeAlert.LIBRARY_HARDWARE_B);
    library.tapeAlert.raise(ChangerTapeAlert.LIBRARY_STRAY_TAPE);
    throw new LibraryRefusal('mechanical-jam', 'the robot jammed with the cartridge in its picker');
  }
  if (fault === 'power-loss') {
    powerLoss(library);
    throw new LibraryRefusal('power-interrupted', 'power failed during the move');
  }
}

function place(library: Library, cartridge: Cartridge, picker: number, destination: ElementInfo): void {
  library.state.element(picker).cartridge = null;
  library.state.element(destination.address).cartridge = cartridge;
  library.commit();
}

/**
 * A drive loads what it is given, counting the load toward its next cleaning; a cleaner runs its
 * cleaning cycle and is then ejected by the drive. Where MOVE MEDIUM completes once the drive
 * has loaded, the robot waits with the command; where it completes on insertion, the robot lets
 * go and the drive loads on its own time (an eject meanwhile stops the load; a power loss ends it).
 */
async function afterPlace(library: Library, cartridge: Cartridge, destination: ElementInfo): Promise<void> {
  if (destination.kind !== 'drive') return;
  // The robot lets go of a cleaner at once whatever the profile: the cycle is the drive's work.
  if (cartridge.kind === 'cleaning') {
    void runCleaningCycle(library, destination.address, cartridge).catch(() => undefined);
    return;
  }
  countDriveLoad(library, destination.address, cartridge);
  const load = threadDrive(library, destination.address);
  if (library.profile.features.moveIntoDriveCompletes === 'after-load') {
    await load;
    return;
  }
  void load.catch(() => undefined);
}

/** Checks that need no robot: the command is refused at once when they fail. */
function checkInvert(library: Library, invert: boolean, role: OperandRole): void {
  if (invert && !library.profile.features.mediumFlip) throw new LibraryRefusal('invert-not-possible', 'this transport cannot flip media', role);
}

/** Runs `work` as the robot's next job, after the readiness and busy checks SMC devices make on arrival. */
async function onRobot(library: Library, robot: Robot, work: () => Promise<void>): Promise<void> {
  library.assertMotionAllowed();
  checkBusy(library, robot);
  await robot.run(async () => {
    library.assertMotionAllowed();
    await work();
  });
}

/**
 * A move is done before this returns (no promise) when nothing in it takes time or can interleave:
 * zero-time mechanics, its robot idle, and no drive at either end (a drive threads and unthreads
 * on its own time). The same checks, pick, fault and place in the same order as the timed move;
 * with no wait between them no other command could have run there anyway, so no claims are needed.
 */
export function moveMedium(library: Library, request: MoveRequest): Promise<void> | void {
  const source = library.resolveElement(request.source, 'source', ANY_KIND);
  const destination = library.resolveElement(request.destination, 'destination', ANY_KIND);
  const { robot } = robotFor(library, request.transport, source);
  if (!library.profile.capabilities.move[source.kind].includes(destination.kind)) {
    throw new LibraryRefusal('invalid-combination', `moves from ${source.kind} to ${destination.kind} are not supported`, 'destination');
  }
  checkInvert(library, request.invert, 'invert');
  if (library.instant && !robot.busy && source.kind !== 'drive' && destination.kind !== 'drive') {
    library.assertMotionAllowed();
    const picker = checkedPicker(library, robot, source, destination, request.invert);
    const cartridge = pick(library, source, picker, request.invert);
    strikeMoveFault(library);
    place(library, cartridge, picker, destination);
    return;
  }
  return timedMove(library, robot, source, destination, request);
}

/** A move's checks on the robot's turn (source takeable, destination free), then the picker it uses. */
function checkedPicker(library: Library, robot: Robot, source: ElementInfo, destination: ElementInfo, invert: boolean): number {
  takeable(library, source, 'source', invert);
  placeable(library, destination, 'destination');
  return source.kind === 'transport' ? source.address : freePickers(library, robot, 1)[0] as number;
}

async function timedMove(library: Library, robot: Robot, source: ElementInfo, destination: ElementInfo, request: MoveRequest): Promise<void> {
  await onRobot(library, robot, async () => {
    const picker = checkedPicker(library, robot, source, destination, request.invert);
    await library.withClaims([source.address, destination.address, picker], async () => {
      const t = library.profile.timings;
      await unloadForPick(library, source);
      const travel = t.moveMs + (request.invert ? t.invertMs : 0);
      await library.wait(travel / 2);
      const cartridge = pick(library, source, picker, request.invert);
      strikeMoveFault(library);
      await library.wait(travel - travel / 2);
      place(library, cartridge, picker, destination);
      await afterPlace(library, cartridge, destination);
    });
  });
}

/**
 * Source → first destination, first destination's cartridge → second destination, with two
 * pickers (the second destination may be the source: a plain swap).
 */
export async function exchangeMedium(library: Library, request: ExchangeRequest): Promise<void> {
  const source = library.resolveElement(request.source, 'source', STORING_KINDS);
  const first = library.resolveElement(request.firstDestination, 'destination', STORING_KINDS);
  const second = library.resolveElement(request.secondDestination, 'second-destination', STORING_KINDS);
  const { robot } = robotFor(library, request.transport);
  const matrix = library.profile.capabilities.exchange;
  if (!matrix[source.kind].includes(first.kind) || !matrix[first.kind].includes(second.kind)) {
    throw new LibraryRefusal('invalid-combination', `exchange between ${source.kind}, ${first.kind} and ${second.kind} is not supported`, 'destination');
  }
  checkInvert(library, request.invertFirst, 'invert');
  checkInvert(library, request.invertSecond, 'second-invert');
  if (first.address === source.address) throw new LibraryRefusal('invalid-element-address', 'source and first destination are the same element', 'destination');
  await onRobot(library, robot, async () => {
    takeable(library, source, 'source', request.invertFirst);
    takeable(library, first, 'destination', request.invertSecond);
    placeable(library, second, 'second-destination', source.address);
    const [a, b] = freePickers(library, robot, 2) as [number, number];
    await library.withClaims([source.address, first.address, second.address, a, b], async () => {
      const t = library.profile.timings;
      const quarter = t.exchangeMs / 4 + (request.invertFirst || request.invertSecond ? t.invertMs / 4 : 0);
      await unloadForPick(library, source);
      await library.wait(quarter);
      const moving = pick(library, source, a, request.invertFirst);
      strikeMoveFault(library);
      await unloadForPick(library, first);
      await library.wait(quarter);
      const displaced = pick(library, first, b, request.invertSecond);
      await library.wait(quarter);
      place(library, moving, a, first);
      await afterPlace(library, moving, first);
      await library.wait(quarter);
      place(library, displaced, b, second);
      await afterPlace(library, displaced, second);
    });
  });
}

export async function positionTransport(library: Library, request: PositionRequest): Promise<void> {
  const destination = library.resolveElement(request.destination, 'destination', STORING_KINDS);
  const { robot } = robotFor(library, request.transport);
  checkInvert(library, request.invert, 'invert');
  await onRobot(library, robot, async () => {
    library.assertReachable(destination, 'destination');
    await library.wait(library.profile.timings.positionMs + (request.invert ? library.profile.timings.invertMs : 0));
  });
}

/** REZERO UNIT: every robot recalibrates (homes) once its current work is done. */
export async function rezeroRobots(library: Library): Promise<void> {
  library.assertMotionAllowed();
  await Promise.all(library.robots.map((robot) => robot.run(() => library.wait(library.profile.timings.rezeroMs))));
}
