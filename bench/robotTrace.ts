// What the robot and the drives of an embedded library did, on the library's clock, read at the
// library's SCSI front (the way a bus analyser would): every MOVE MEDIUM / EXCHANGE MEDIUM of the
// changer and every UNLOAD of a drive, with when it started and ended. From that: how long a
// drive that could have been working waited for a robot — the time a workload bound that adds up
// mechanism times does not count.
import type { Clock } from '../src/shared/clock.ts';
import type { Nexus, ScsiRequest, ScsiResult } from '../src/scsi/device.ts';

const MOVE_MEDIUM = 0xa5;
const EXCHANGE_MEDIUM = 0xa6;
const LOAD_UNLOAD = 0x1b;
const TEST_UNIT_READY = 0x00;

/** What answers CDBs, as the trace wraps it. */
interface Answering {
  execute(nexus: Nexus, request: ScsiRequest): Promise<ScsiResult>;
}

export interface TracedLibrary {
  readonly clock: Clock;
  readonly device: Answering;
  readonly drives: readonly Answering[];
  addresses(kind: 'drive'): number[];
}

interface RobotCommand {
  readonly start: number;
  readonly end: number;
  /** Drive index the command took a cartridge out of, if any. */
  readonly outOf: number | null;
  /** Drive index the command put a cartridge into, if any. */
  readonly into: number | null;
  readonly exchange: boolean;
}

interface Unload {
  readonly drive: number;
  readonly start: number;
  readonly end: number;
}

export interface TraceSummary {
  readonly robotCommands: number;
  readonly exchanges: number;
  /** Robot-seconds spent in commands. */
  readonly robotBusyMs: number;
  /** Per cartridge taken out of a drive the manager had unloaded: unload done → robot arrives. */
  readonly unloadedWaitMs: readonly number[];
  /**
   * Per drive a robot emptied while a mount waited: drive empty → next cartridge comes. Meaningful
   * where the drives are the limit; with more drives than the work needs, the mount takes another.
   */
  readonly emptyWaitMs: readonly number[];
  /** Of those waits, the time some robot stood idle: what the scheduler could have had. */
  readonly idleRobotMs: number;
  /** TEST UNIT READY commands the drives answered (the manager's readiness polling). */
  readonly driveTestUnitReadys: number;
}

const word = (cdb: Uint8Array, at: number): number => ((cdb[at] ?? 0) << 8) | (cdb[at + 1] ?? 0);

export class RobotTrace {
  readonly #commands: RobotCommand[] = [];
  readonly #unloads: Unload[] = [];
  #driveTestUnitReadys = 0;

  /** Records, from now on, what `library` is asked to do (until the library is closed). */
  static attach(library: TracedLibrary): RobotTrace {
    const trace = new RobotTrace();
    const { clock } = library;
    const driveIndex = new Map(library.addresses('drive').map((address, index) => [address, index] as const));
    const drive = (address: number): number | null => driveIndex.get(address) ?? null;
    const changer = library.device;
    const execute = changer.execute.bind(changer);
    changer.execute = async (nexus, request) => {
      const op = request.cdb[0];
      if (op !== MOVE_MEDIUM && op !== EXCHANGE_MEDIUM) return execute(nexus, request);
      const start = clock.now();
      const result = await execute(nexus, request);
      if (result.status !== 0) return result;
      const cdb = request.cdb;
      const exchange = op === EXCHANGE_MEDIUM;
      // MOVE: source → destination. EXCHANGE: source → first, first's cartridge → second; the
      // drive is the first destination, emptied and filled by the one command.
      const outOf = drive(word(cdb, exchange ? 6 : 4));
      const into = drive(word(cdb, 6));
      trace.#commands.push({ start, end: clock.now(), outOf, into, exchange });
      return result;
    };
    library.drives.forEach((unit, index) => {
      const run = unit.execute.bind(unit);
      unit.execute = async (nexus, request) => {
        if (request.cdb[0] === TEST_UNIT_READY) trace.#driveTestUnitReadys++;
        const unload = request.cdb[0] === LOAD_UNLOAD && ((request.cdb[4] ?? 0) & 1) === 0;
        if (!unload) return run(nexus, request);
        const start = clock.now();
        const result = await run(nexus, request);
        if (result.status === 0) trace.#unloads.push({ drive: index, start, end: clock.now() });
        return result;
      };
    });
    return trace;
  }

  /**
   * Per mount: from the drive having loaded (the move into it ended, plus `loadMs` where the robot
   * let go at insertion) to the manager reporting it mounted — the time its readiness polling
   * (TEST UNIT READY, see loadPolling.ts) and its bookkeeping add to every mount.
   */
  readyDelays(mounts: readonly { readonly drive: number; readonly mountedAt: number }[], loadMs: number): number[] {
    return mounts.flatMap(({ drive, mountedAt }) => {
      const into = this.#commands.filter((c) => c.into === drive && c.end + loadMs <= mountedAt);
      const last = into.reduce<RobotCommand | undefined>((latest, c) => (latest === undefined || c.end > latest.end ? c : latest), undefined);
      return last === undefined ? [] : [mountedAt - (last.end + loadMs)];
    });
  }

  /**
   * `mountWaiting(t)`: a mount was queued at t and its cartridge not yet on its way into a drive;
   * a drive emptied while none was is not waiting for the robot but for work.
   */
  summary(transports: number, mountWaiting: (t: number) => boolean): TraceSummary {
    const commands = [...this.#commands].sort((a, b) => a.start - b.start);
    const unloadedWaitMs: number[] = [];
    const emptyWaitMs: number[] = [];
    let idleRobotMs = 0;
    const wait = (from: number, to: number, into: number[]): void => {
      into.push(to - from);
      idleRobotMs += idleTime(commands, transports, from, to);
    };
    for (const unload of this.#unloads) {
      const pull = commands.find((c) => c.outOf === unload.drive && c.start >= unload.start);
      if (pull !== undefined) wait(unload.end, pull.start, unloadedWaitMs);
    }
    for (const out of commands) {
      if (out.outOf === null || out.into === out.outOf || !mountWaiting(out.end)) continue; // an exchange leaves no drive empty
      const next = commands.find((c) => c.into === out.outOf && c.start >= out.end);
      if (next !== undefined) wait(out.end, next.start, emptyWaitMs);
    }
    return {
      robotCommands: commands.length,
      exchanges: commands.filter((c) => c.exchange).length,
      robotBusyMs: commands.reduce((sum, c) => sum + (c.end - c.start), 0),
      unloadedWaitMs,
      emptyWaitMs,
      idleRobotMs,
      driveTestUnitReadys: this.#driveTestUnitReadys,
    };
  }
}

/** How long within [from, to] fewer than `transports` robot commands were under way. */
function idleTime(commands: readonly RobotCommand[], transports: number, from: number, to: number): number {
  if (to <= from) return 0;
  const edges: { at: number; delta: number }[] = [];
  let busy = 0;
  for (const c of commands) {
    if (c.start >= to) break;
    if (c.end <= from) continue;
    if (c.start <= from) busy++;
    else edges.push({ at: c.start, delta: 1 });
    if (c.end < to) edges.push({ at: c.end, delta: -1 });
  }
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let idle = 0;
  let at = from;
  for (const edge of edges) {
    if (busy < transports) idle += edge.at - at;
    busy += edge.delta;
    at = edge.at;
  }
  if (busy < transports) idle += to - at;
  return idle;
}
