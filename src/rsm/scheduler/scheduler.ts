// The scheduler: one per library. It decides which job gets the robot next and which drive a mount
// takes, and runs the drive-side steps (unload before a dismount, load after a mount) beside the
// robot's work so neither waits for the other. Every decision is made in one synchronous pass
// (#pump) over the jobs, re-run whenever anything finishes; the asynchronous work it starts
// (host lookups, drive steps, robot commands) reports back by pumping again.
import type { Clock } from '../../shared/clock.ts';
import { DriveBook } from './driveBook.ts';
import type { Entry, Goal, Ready, Settle, Source, StopReason } from './entry.ts';
import type { SchedulerHost } from './host.ts';
import { PRIORITY_HIGHEST, PRIORITY_LOWEST, type DismountJob, type ExclusiveJob, type Job, type Outcome, type PendingJob } from './job.ts';
import { DEFAULT_AGING_MS, type SchedulerOptions } from './options.ts';
import { formatPlace, samePlace, type Place } from '../../shared/place.ts';
import { compareRank, effectivePriority, type Rankable } from './rank.ts';
import type { Robot } from './robot.ts';
import { SchedulerError } from './schedulerError.ts';

const drivePlace = (index: number): Place => ({ type: 'drive', index });

/** A job at its ready step, as the robot turn that serves it sees it. */
type ReadyJob = { readonly entry: Entry; readonly stage: Ready };

/**
 * Where a robot turn goes: one job (exclusive work, a cleaner's way back, or a ready job), or a
 * dismount and the mount waiting for its drive — as one EXCHANGE MEDIUM where the robot has it,
 * else as the two moves back to back on the same transport (a swap).
 */
type Turn = { readonly kind: 'one'; readonly entry: Entry } | PairTurn<'exchange'> | PairTurn<'swap'>;

interface PairTurn<K extends 'exchange' | 'swap'> {
  readonly kind: K;
  readonly dismount: ReadyJob;
  readonly drive: number;
  readonly placement: 'home' | 'nearest';
  readonly mount: ReadyJob;
}

/** A mount that wants the other side of a two-sided cartridge turns it over on its way into the drive. */
function flipFor(job: Job): boolean {
  return job.kind === 'mount' && job.flip === true;
}

/** Where a job's cartridge will go, fixed when it is submitted. */
function goalFor(job: Exclude<Job, ExclusiveJob>): Goal {
  switch (job.kind) {
    case 'mount':
    case 'clean':
      return { into: 'drive', drive: null };
    case 'dismount':
      return { into: 'slot', placement: job.placement };
    case 'move':
      return job.to.type === 'drive' ? { into: 'drive', drive: null } : { into: 'place', place: job.to };
  }
}

/** The goal of a job that has one now (at its source or ready step). */
function goalOf(entry: Entry): Goal | null {
  const s = entry.stage;
  return s.step === 'source' || s.step === 'ready' ? s.goal : null;
}

/** The drive a job holds or is bound to, as pending() shows it. */
function driveOf(entry: Entry): number | null {
  const s = entry.stage;
  if (s.step === 'settle' || s.step === 'return') return s.drive;
  const goal = goalOf(entry);
  if (goal?.into === 'drive' && goal.drive !== null) return goal.drive;
  return entry.job.kind === 'dismount' ? entry.job.drive : null;
}

export class Scheduler {
  readonly #robot: Robot;
  readonly #host: SchedulerHost;
  readonly #clock: Clock;
  readonly #agingMs: number;
  readonly #drives: DriveBook;
  readonly #entries = new Map<number, Entry>();
  /** Drives taken out of service (DisableNtmsObject): no mount is bound to them. */
  readonly #withdrawn = new Set<number>();
  /** Queue positions set by reorder(), by job id; the counter makes the latest move win. */
  readonly #positions = new Map<number, number>();
  #moves = 0;
  readonly #idleTransports: number[];
  /** Slots that robot commands under way will fill. */
  readonly #reserved: Place[] = [];
  #refreshing = false;
  /** The exclusive job running now: no robot command starts until it returns. */
  #exclusive: Entry | null = null;
  #pumping = false;
  #pumpAgain = false;
  #closed = false;
  #whenEmpty: (() => void)[] = [];

  constructor(options: SchedulerOptions) {
    const agingMs = options.policy?.agingMs ?? DEFAULT_AGING_MS;
    if (!(agingMs > 0) || !Number.isFinite(agingMs)) throw new RangeError(`agingMs must be a positive number of milliseconds, got ${agingMs}`);
    if (!Number.isInteger(options.driveCount) || options.driveCount < 0) throw new RangeError(`driveCount must be a whole number ≥ 0, got ${options.driveCount}`);
    if (!Number.isInteger(options.robot.transports) || options.robot.transports < 1) throw new RangeError(`the robot must have at least one transport, got ${options.robot.transports}`);
    this.#robot = options.robot;
    this.#host = options.host;
    this.#clock = options.clock;
    this.#agingMs = agingMs;
    this.#drives = new DriveBook(options.driveCount);
    this.#idleTransports = Array.from({ length: options.robot.transports }, (_, i) => i);
  }

  /**
   * Queues a job and resolves with how it ended. Rejects (SchedulerError INVALID_JOB) only when the
   * job is malformed; everything that happens to a well-formed job is an outcome.
   */
  submit(job: Job): Promise<Outcome> {
    try {
      this.#validate(job);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#closed) return Promise.resolve({ state: 'failed', error: new SchedulerError('SCHEDULER_CLOSED', `job ${job.id}: the scheduler is closed`) });
    return new Promise<Outcome>((resolve) => {
      const entry: Entry = {
        job, resolve, deadline: new AbortController(), stage: { step: job.kind === 'exclusive' ? 'exclusive' : 'prepare' },
        active: false, started: false, waiting: false, stop: null, committed: false, owns: new Set(),
      };
      this.#entries.set(job.id, entry);
      this.#armDeadline(entry);
      this.#pump();
    });
  }

  /**
   * Cancels a job that has not finished: true when it will end `cancelled`. One that has not started
   * ends at once; one under way ends after its current robot command or drive step (never with a
   * cartridge in a picker). False for unknown or finished jobs, and for those past the point of no
   * return: a cleaner already in its drive comes back first, an exclusive job that is running finishes.
   */
  cancel(id: number): boolean {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.stage.step === 'done' || entry.committed) return false;
    this.#stop(entry, 'cancelled');
    return true;
  }

  /**
   * Moves a job that has not started to the front or the back of the queue (SetNtmsRequestOrder):
   * it goes before (after) every job of its kind of urgency, whatever their priority. False for
   * unknown, finished or started jobs.
   */
  reorder(id: number, where: 'front' | 'back'): boolean {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.stage.step === 'done' || entry.started) return false;
    this.#moves += 1;
    this.#positions.set(id, where === 'front' ? -this.#moves : this.#moves);
    this.#pump();
    return true;
  }

  /**
   * A drive goes out of service or back: mounts not yet bound to it will not be (they wait for
   * another of their drives); a mount already bound or loading finishes. Cleanings and raw moves
   * that name the drive are not held back.
   */
  setDriveInService(drive: number, inService: boolean): void {
    if (inService) this.#withdrawn.delete(drive);
    else this.#withdrawn.add(drive);
    this.#pump();
  }

  /** Jobs not finished: those under way, then the rest in the order the scheduler would serve them now. */
  pending(): readonly PendingJob[] {
    const now = this.#clock.now();
    const ranked = this.#ranked([...this.#entries.values()]);
    return [...ranked.filter((e) => e.started), ...ranked.filter((e) => !e.started)].map((e) => ({
      id: e.job.id,
      kind: e.job.kind,
      priority: e.job.priority,
      effectivePriority: effectivePriority(e.job, now, this.#agingMs),
      submittedAt: e.job.submittedAt,
      state: e.started ? 'in-progress' : e.waiting ? 'waiting' : 'queued',
      drive: driveOf(e),
    }));
  }

  /**
   * Takes no more jobs. Those not started end `failed` (SCHEDULER_CLOSED); those under way stop at
   * their next safe point the same way. Resolves when no robot command or drive step is running.
   */
  close(): Promise<void> {
    this.#closed = true;
    for (const entry of [...this.#entries.values()]) {
      if (!entry.committed) this.#stop(entry, 'closed');
    }
    if (this.#entries.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#whenEmpty.push(resolve));
  }

  // ── submission ─────────────────────────────────────────────────────────────────────────────

  #validate(job: Job): void {
    const bad = (why: string): never => {
      throw new SchedulerError('INVALID_JOB', `job ${String(job.id)}: ${why}`);
    };
    if (!Number.isSafeInteger(job.id)) bad('the id must be an integer');
    if (this.#entries.has(job.id)) bad('a job with this id is already queued');
    if (!Number.isInteger(job.priority) || job.priority < PRIORITY_LOWEST || job.priority > PRIORITY_HIGHEST) {
      bad(`priority must be a whole number from ${PRIORITY_LOWEST} to ${PRIORITY_HIGHEST}, got ${job.priority}`);
    }
    if (!Number.isFinite(job.submittedAt)) bad('submittedAt must be a clock time');
    if (job.deadlineAt !== null && !Number.isFinite(job.deadlineAt)) bad('deadlineAt must be a clock time or null');
    const drive = (d: number, what: string): void => {
      if (!Number.isInteger(d) || d < 0 || d >= this.#drives.count) bad(`${what} ${d} is not one of drives 0 … ${this.#drives.count - 1}`);
    };
    switch (job.kind) {
      case 'mount':
        if (job.drives.length === 0) bad('no drive can take this medium');
        job.drives.forEach((d) => drive(d, 'drive'));
        break;
      case 'dismount':
      case 'clean':
        drive(job.drive, 'drive');
        break;
      case 'move':
        for (const p of [job.from, job.to]) {
          if (!Number.isInteger(p.index) || p.index < 0) bad(`${formatPlace(p)} is not an element`);
          if (p.type === 'drive') drive(p.index, 'drive');
        }
        if (samePlace(job.from, job.to)) bad('source and destination are the same element');
        break;
      case 'exclusive':
        break;
    }
  }

  #armDeadline(entry: Entry): void {
    const at = entry.job.deadlineAt;
    if (at === null) return;
    this.#clock.sleep(Math.max(0, at - this.#clock.now()), entry.deadline.signal).then(
      () => {
        if (entry.stage.step !== 'done' && !entry.committed) this.#stop(entry, 'timed-out');
      },
      () => undefined, // the job finished first
    );
  }

  // ── outcomes ───────────────────────────────────────────────────────────────────────────────

  /** Asks a job to stop: at once when nothing of it is under way, else at the end of its current step. */
  #stop(entry: Entry, reason: StopReason): void {
    if (entry.stage.step === 'done') return;
    entry.stop ??= reason;
    if (!entry.active) this.#finishStopped(entry);
    this.#pump();
  }

  #finishStopped(entry: Entry): void {
    const reason = entry.stop;
    if (reason === null) return;
    if (reason === 'closed') this.#finish(entry, { state: 'failed', error: new SchedulerError('SCHEDULER_CLOSED', `job ${entry.job.id}: the scheduler was closed`) });
    else this.#finish(entry, { state: reason });
  }

  #finish(entry: Entry, outcome: Outcome): void {
    if (entry.stage.step === 'done') return;
    entry.stage = { step: 'done' };
    entry.deadline.abort();
    this.#drives.unbind(entry);
    for (const d of [...entry.owns]) this.#drives.release(d, entry);
    this.#entries.delete(entry.job.id);
    this.#positions.delete(entry.job.id);
    entry.resolve(outcome);
    if (this.#entries.size === 0) this.#whenEmpty.splice(0).forEach((resolve) => resolve());
    this.#pump();
  }

  #fail(entry: Entry, error: unknown): void {
    this.#finish(entry, { state: 'failed', error });
  }

  // ── the decision pass ──────────────────────────────────────────────────────────────────────

  #pump(): void {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        this.#decide();
      } while (this.#pumpAgain);
    } finally {
      this.#pumping = false;
    }
  }

  #decide(): void {
    if (this.#drives.stale) {
      // Occupancy is re-read only while no robot command or exclusive job runs, so nothing lands mid-read.
      if (!this.#refreshing && this.#robotIdle && this.#exclusive === null && this.#entries.size > 0) this.#refreshDrives();
      return;
    }
    const ranked = this.#ranked([...this.#entries.values()]);
    for (const entry of ranked) this.#advance(entry);
    const emptying = this.#drivesBeingEmptied();
    for (const entry of ranked) this.#bindDrive(entry, emptying);
    this.#dispatchRobot();
  }

  get #robotIdle(): boolean {
    return this.#idleTransports.length === this.#robot.transports;
  }

  #rankable(entry: Entry): Rankable {
    const freesDrive = entry.job.kind === 'dismount' || entry.stage.step === 'return';
    return { job: entry.job, urgency: freesDrive ? 0 : 1, position: this.#positions.get(entry.job.id) ?? 0 };
  }

  #ranked(entries: Entry[]): Entry[] {
    const now = this.#clock.now();
    return entries.sort((a, b) => compareRank(this.#rankable(a), this.#rankable(b), now, this.#agingMs));
  }

  /** Asked to stop, and free to: a committed job (cleaner in a drive, exclusive run) carries on. */
  #halted(entry: Entry): boolean {
    return entry.stop !== null && !entry.committed;
  }

  /** Starts the steps that need no robot: host lookups, drive-side unloads, drive loads. */
  #advance(entry: Entry): void {
    if (entry.active || this.#halted(entry)) return;
    const s = entry.stage;
    switch (s.step) {
      case 'behind':
        if (s.after.stage.step !== 'done') return;
        entry.stage = { step: 'prepare' };
        this.#launch(entry, () => this.#prepare(entry));
        return;
      case 'prepare':
        this.#launch(entry, () => this.#prepare(entry));
        return;
      case 'source':
        this.#takeSourceDrive(entry, s);
        return;
      case 'settle':
        this.#launch(entry, () => this.#settle(entry, s));
        return;
      default:
        return;
    }
  }

  #takeSourceDrive(entry: Entry, stage: Source): void {
    const owner = this.#drives.owner(stage.drive);
    if (owner !== null && owner !== entry) return this.#markWaiting(entry);
    this.#drives.own(stage.drive, entry);
    this.#markStarted(entry);
    this.#launch(entry, () => this.#unloadSource(entry, stage));
  }

  /** Gives a job that puts a cartridge into a drive the drive it will use, in rank order. */
  #bindDrive(entry: Entry, emptying: ReadonlySet<number>): void {
    const goal = goalOf(entry);
    if (goal?.into !== 'drive' || goal.drive !== null || this.#halted(entry)) return;
    const candidates = this.#targetCandidates(entry);
    const bind = (drive: number): void => {
      this.#drives.bind(drive, entry);
      goal.drive = drive;
    };
    const free = this.#drives.pickFree(candidates);
    if (free !== undefined) return bind(free);
    // An empty drive promised to a job that ranks lower and has not started on it: this one goes first.
    const promised = candidates.find((d) => this.#canTakeOver(entry, d));
    const holder = promised === undefined ? null : this.#drives.boundTo(promised);
    if (promised !== undefined && holder !== null) {
      this.#drives.unbind(holder);
      const lost = goalOf(holder);
      if (lost?.into === 'drive') lost.drive = null;
      return bind(promised);
    }
    // No empty drive: take one a queued dismount will empty (and, if the robot can, swap in one go).
    const soonFree = candidates.find((d) => this.#drives.boundTo(d) === null && emptying.has(d));
    if (soonFree !== undefined) return bind(soonFree);
    if (entry.job.kind === 'move' && candidates.every((d) => this.#drives.isFull(d) && this.#drives.owner(d) === null)) {
      this.#fail(entry, new SchedulerError('DESTINATION_FULL', `drive ${candidates[0]} holds a cartridge and no dismount of it is queued`));
      return;
    }
    this.#markWaiting(entry);
  }

  #canTakeOver(entry: Entry, drive: number): boolean {
    const holder = this.#drives.boundTo(drive);
    if (holder === null || holder === entry || holder.active || this.#drives.isFull(drive) || this.#drives.owner(drive) !== null) return false;
    return compareRank(this.#rankable(entry), this.#rankable(holder), this.#clock.now(), this.#agingMs) < 0;
  }

  /** The drives a job may put its cartridge into (none when it puts none into a drive). */
  #targetCandidates(entry: Entry): readonly number[] {
    const job = entry.job;
    if (job.kind === 'mount') return this.#withdrawn.size === 0 ? job.drives : job.drives.filter((d) => !this.#withdrawn.has(d));
    if (job.kind === 'clean') return [job.drive];
    if (job.kind === 'move' && job.to.type === 'drive') return [job.to.index];
    return [];
  }

  /** Drives a queued dismount will empty. */
  #drivesBeingEmptied(): Set<number> {
    const drives = new Set<number>();
    for (const e of this.#entries.values()) if (e.job.kind === 'dismount' && e.stage.step !== 'done' && e.stop === null) drives.add(e.job.drive);
    return drives;
  }

  #dismountFor(drive: number): Entry | undefined {
    for (const e of this.#entries.values()) {
      if (e.job.kind === 'dismount' && e.job.drive === drive && e.stage.step !== 'done' && e.stop === null) return e;
    }
    return undefined;
  }

  /** Hands free transports to the best-ranked jobs that can use the robot now. */
  #dispatchRobot(): void {
    while (this.#idleTransports.length > 0 && this.#exclusive === null) {
      const turn = this.#nextTurn();
      if (turn === null) return;
      if (turn.kind === 'one' && turn.entry.job.kind === 'exclusive') {
        // Exclusive work starts only on an idle robot, and nothing else starts before it.
        if (this.#robotIdle) this.#runExclusive(turn.entry);
        return;
      }
      const transport = this.#idleTransports.shift();
      if (transport === undefined) return;
      this.#launchRobot(turn, transport);
    }
  }

  #nextTurn(): Turn | null {
    const eligible = this.#ranked([...this.#entries.values()].filter((e) => this.#canTakeRobot(e)));
    const entry = eligible[0];
    if (entry === undefined) return null;
    const s = entry.stage;
    if (entry.job.kind === 'dismount' && s.step === 'ready' && s.goal.into === 'slot') {
      const mount = this.#swapPartner(entry.job);
      if (mount !== null) {
        const pair = { dismount: { entry, stage: s }, drive: entry.job.drive, placement: s.goal.placement, mount };
        return this.#robot.canExchange ? { kind: 'exchange', ...pair } : { kind: 'swap', ...pair };
      }
    }
    return { kind: 'one', entry };
  }

  #canTakeRobot(entry: Entry): boolean {
    if (entry.active || this.#halted(entry)) return false;
    const s = entry.stage;
    if (s.step === 'exclusive' || s.step === 'return') return true;
    if (s.step !== 'ready') return false;
    const goal = s.goal;
    switch (goal.into) {
      case 'slot':
        return true;
      case 'drive':
        return goal.drive !== null && !this.#drives.isFull(goal.drive) && this.#drives.owner(goal.drive) === null;
      case 'place':
        return !this.#reserved.some((p) => samePlace(p, goal.place));
    }
  }

  /**
   * The mount waiting for this dismount's drive, ready to go in as soon as the drive is empty: the
   * transport that empties the drive fills it next (one EXCHANGE MEDIUM, or two moves back to back).
   * Done apart, the emptied drive waited while the robots served every other ready dismount first
   * (dismounts rank first), although filling it is the shorter work and the one a drive waits on.
   */
  #swapPartner(job: DismountJob): ReadyJob | null {
    if (!this.#robot.canExchange && !this.#backlog()) return null;
    const mount = this.#drives.boundTo(job.drive);
    if (mount === null || mount.active || mount.stop !== null) return null;
    const s = mount.stage;
    if (s.step !== 'ready' || s.source.type === 'drive' || s.source.type === 'transport') return null;
    return { entry: mount, stage: s };
  }

  /**
   * More mounts wait for a drive than queued dismounts will empty: every emptied drive is refilled
   * at once, so the drives' turnover is the limit and the emptied drive goes first (its move in is
   * the shorter work, and a mount waits on it). Without a backlog nothing waits on the move in, and
   * the robot serves dismounts before mounts (NTMS), as it does for a robot without EXCHANGE MEDIUM.
   */
  #backlog(): boolean {
    let mounts = 0;
    let dismounts = 0;
    for (const e of this.#entries.values()) {
      if (e.stop !== null) continue;
      if (e.job.kind === 'dismount' && e.stage.step !== 'done') dismounts += 1;
      else if (e.job.kind === 'mount' && !e.started) mounts += 1;
    }
    return mounts > dismounts;
  }

  // ── asynchronous work ─────────────────────────────────────────────────────────────────────

  /** Runs one step of a job; whatever it throws fails the job; either way the pass runs again. */
  #launch(entry: Entry, work: () => Promise<void>): void {
    entry.active = true;
    work()
      .catch((error: unknown) => this.#fail(entry, error))
      .finally(() => {
        entry.active = false;
        if (entry.stage.step !== 'done' && this.#halted(entry)) this.#finishStopped(entry);
        this.#pump();
      });
  }

  #markStarted(entry: Entry): void {
    if (entry.started) return;
    entry.started = true;
    this.#host.jobState?.(entry.job.id, 'in-progress');
  }

  #markWaiting(entry: Entry): void {
    if (entry.waiting || entry.started) return;
    entry.waiting = true;
    this.#host.jobState?.(entry.job.id, 'waiting');
  }

  #refreshDrives(): void {
    this.#refreshing = true;
    const reads = Array.from({ length: this.#drives.count }, (_, d) => this.#host.occupantOf(drivePlace(d)));
    Promise.all(reads)
      .then((occupants) => {
        occupants.forEach((medium, d) => this.#drives.setFull(d, medium !== null));
        this.#drives.stale = false;
      })
      .catch((error: unknown) => {
        // Without knowing the drives nothing can be decided: every queued job fails with the reason.
        for (const e of [...this.#entries.values()]) if (!e.active) this.#fail(e, error);
      })
      .finally(() => {
        this.#refreshing = false;
        this.#pump();
      });
  }

  /** Where the cartridge is, and what the job has to do before its robot turn. */
  async #prepare(entry: Entry): Promise<void> {
    const job = entry.job;
    switch (job.kind) {
      case 'mount':
      case 'clean': {
        const medium = job.kind === 'mount' ? job.mediumId : job.cleanerId;
        const where = await this.#host.whereIs(medium);
        if (where === null) throw new SchedulerError('MEDIUM_NOT_IN_LIBRARY', `medium ${medium} is not in this library`);
        if (where.type === 'drive') {
          // In a drive that is being dismounted, or that another job is working on: look again after it.
          const busyWith = this.#dismountFor(where.index) ?? this.#drives.owner(where.index);
          if (busyWith !== undefined && busyWith !== null) {
            entry.stage = { step: 'behind', after: busyWith };
            return;
          }
          if (job.kind === 'mount' && job.drives.includes(where.index)) {
            this.#finish(entry, { state: 'completed', drive: where.index });
            return;
          }
          entry.stage = { step: 'source', drive: where.index, goal: goalFor(job) };
          return;
        }
        entry.stage = { step: 'ready', medium, source: where, goal: goalFor(job) };
        return;
      }
      case 'dismount':
        entry.stage = { step: 'source', drive: job.drive, goal: goalFor(job) };
        return;
      case 'move': {
        const medium = await this.#host.occupantOf(job.from);
        if (medium === null) throw new SchedulerError('SOURCE_EMPTY', `${formatPlace(job.from)} is empty`);
        if (job.to.type !== 'drive' && (await this.#host.occupantOf(job.to)) !== null) {
          throw new SchedulerError('DESTINATION_FULL', `${formatPlace(job.to)} already holds a cartridge`);
        }
        entry.stage = job.from.type === 'drive' ? { step: 'source', drive: job.from.index, goal: goalFor(job) } : { step: 'ready', medium, source: job.from, goal: goalFor(job) };
        return;
      }
      case 'exclusive':
        return;
    }
  }

  /**
   * The drive is this job's now: learn what it holds (a dismount takes whatever that is; a mount or
   * clean looks again when its cartridge left meanwhile), then the drive's host ejects it (robot free).
   */
  async #unloadSource(entry: Entry, stage: Source): Promise<void> {
    const { drive, goal } = stage;
    const job = entry.job;
    const medium = await this.#host.occupantOf(drivePlace(drive));
    if (medium === null && job.kind === 'dismount') throw new SchedulerError('SOURCE_EMPTY', `drive ${drive} is empty`);
    const expected = job.kind === 'mount' ? job.mediumId : job.kind === 'clean' ? job.cleanerId : medium;
    if (medium === null || medium !== expected) return this.#restart(entry);
    // A cleaner ejects itself when done; everything else needs the drive's host to unload it.
    if (job.kind !== 'clean') await this.#robot.unloadDrive?.(drive);
    entry.stage = { step: 'ready', medium, source: drivePlace(drive), goal };
  }

  /** The cartridge is not where the job thought: give back its drives and look again. */
  #restart(entry: Entry): void {
    for (const d of [...entry.owns]) this.#drives.release(d, entry);
    this.#drives.unbind(entry);
    entry.stage = { step: 'prepare' };
  }

  #launchRobot(turn: Turn, transport: number): void {
    if (turn.kind === 'swap') return this.#launchSwap(turn, transport);
    if (turn.kind === 'exchange') {
      const { dismount, mount } = turn;
      this.#markStarted(dismount.entry);
      this.#markStarted(mount.entry);
      mount.entry.active = true;
      this.#launch(dismount.entry, async () => {
        try {
          await this.#exchange(turn, transport);
        } finally {
          this.#giveBack(transport);
          mount.entry.active = false;
          if (mount.entry.stage.step !== 'done' && this.#halted(mount.entry)) this.#finishStopped(mount.entry);
        }
      });
      return;
    }
    const { entry } = turn;
    const s = entry.stage;
    this.#markStarted(entry);
    if (entry.job.kind === 'clean' && s.step === 'ready') entry.committed = true;
    // A cartridge going into a drive: the drive is this job's from now until it is loaded.
    if (s.step === 'ready' && s.goal.into === 'drive' && s.goal.drive !== null) this.#drives.own(s.goal.drive, entry);
    this.#launch(entry, async () => {
      try {
        await this.#robotStep(entry, transport);
      } finally {
        this.#giveBack(transport);
      }
    });
  }

  /**
   * A dismount's move out, then on the same transport the move in of the mount bound to that drive.
   * The mount is held (active) meanwhile so no other transport takes it; when it can no longer go in
   * (cancelled, its drive given to another job) the transport is handed back instead.
   */
  #launchSwap(turn: PairTurn<'swap'>, transport: number): void {
    const { dismount, mount, drive, placement } = turn;
    this.#markStarted(dismount.entry);
    mount.entry.active = true;
    let out = false;
    this.#launch(dismount.entry, async () => {
      try {
        await this.#moveOut(dismount.stage.medium, drive, placement, transport);
        out = true;
        this.#finish(dismount.entry, { state: 'completed' });
      } finally {
        mount.entry.active = false;
        if (mount.entry.stage.step !== 'done' && this.#halted(mount.entry)) this.#finishStopped(mount.entry);
        if (out && this.#canTakeRobot(mount.entry) && this.#exclusive === null) this.#launchRobot({ kind: 'one', entry: mount.entry }, transport);
        else this.#giveBack(transport);
      }
    });
  }

  #giveBack(transport: number): void {
    this.#idleTransports.push(transport);
    this.#idleTransports.sort((a, b) => a - b);
  }

  /** One job's robot command: a cartridge out of a drive, into a drive, or between two other places. */
  async #robotStep(entry: Entry, transport: number): Promise<void> {
    const s = entry.stage;
    if (s.step === 'return') {
      await this.#moveOut(s.medium, s.drive, 'home', transport);
      this.#finish(entry, { state: 'completed', drive: s.drive });
      return;
    }
    if (s.step !== 'ready') return;
    const goal = s.goal;
    if (goal.into === 'slot') {
      await this.#moveOut(s.medium, s.source.index, goal.placement, transport);
      this.#finish(entry, { state: 'completed' });
      return;
    }
    if (!(await this.#sourceStillThere(entry, s))) return;
    if (goal.into === 'place') {
      await this.#robotMove(s.medium, s.source, goal.place, transport);
      this.#finish(entry, { state: 'completed' });
      return;
    }
    const drive = goal.drive;
    if (drive === null) return this.#restart(entry);
    this.#drives.unbind(entry);
    await this.#robotMove(s.medium, s.source, drivePlace(drive), transport, flipFor(entry.job));
    if (s.source.type === 'drive') this.#drives.release(s.source.index, entry);
    this.#drives.countMount(drive);
    // The drive loads (or cleans) on its own time (#settle); the transport is handed back meanwhile.
    entry.stage = { step: 'settle', medium: s.medium, drive };
  }

  /** A cartridge out of `drive` to a free slot the host chooses by policy. */
  async #moveOut(medium: string, drive: number, policy: 'home' | 'nearest', transport: number): Promise<void> {
    const from = drivePlace(drive);
    const to = await this.#host.destinationFor(medium, policy, from, [...this.#reserved]);
    await this.#robotMove(medium, from, to, transport);
  }

  /** The host may have moved things meanwhile (an inventory, a failed move): look again first. */
  async #sourceStillThere(entry: Entry, stage: Ready): Promise<boolean> {
    const where = await this.#host.whereIs(stage.medium);
    if (where !== null && samePlace(where, stage.source)) return true;
    this.#restart(entry);
    return false;
  }

  /** MOVE MEDIUM, keeping the drive book and the reserved slots right, and telling the host. */
  async #robotMove(medium: string, from: Place, to: Place, transport: number, flip = false): Promise<void> {
    this.#reserved.push(to);
    try {
      try {
        await this.#robot.move(from, to, transport, flip);
      } catch (error) {
        await this.#afterFailedMove(error, from, to);
        throw error;
      }
      this.#noteMoved(from, to);
      await this.#host.moved(medium, from, to, flip);
    } finally {
      this.#unreserve(to);
    }
  }

  /** One EXCHANGE MEDIUM for a dismount of drive D and the mount waiting for D. */
  async #exchange(turn: PairTurn<'exchange'>, transport: number): Promise<void> {
    const { dismount, mount, drive, placement } = turn;
    const here = drivePlace(drive);
    const old = dismount.stage.medium;
    if (!(await this.#sourceStillThere(mount.entry, mount.stage))) {
      await this.#moveOut(old, drive, placement, transport);
      this.#finish(dismount.entry, { state: 'completed' });
      return;
    }
    const source = mount.stage.source;
    const flip = flipFor(mount.entry.job);
    const destination = await this.#host.destinationFor(old, placement, here, [...this.#reserved]);
    this.#reserved.push(destination);
    this.#drives.unbind(mount.entry);
    this.#drives.release(drive, dismount.entry);
    this.#drives.own(drive, mount.entry);
    try {
      try {
        await this.#robot.exchange(source, here, destination, transport, flip);
      } catch (error) {
        await this.#afterFailedMove(error, source, here);
        this.#fail(mount.entry, error);
        throw error;
      }
      this.#noteMoved(here, destination);
      this.#noteMoved(source, here);
      await this.#host.moved(old, here, destination);
      await this.#host.moved(mount.stage.medium, source, here, flip);
    } finally {
      this.#unreserve(destination);
    }
    this.#drives.countMount(drive);
    mount.entry.stage = { step: 'settle', medium: mount.stage.medium, drive };
    this.#finish(dismount.entry, { state: 'completed' });
  }

  #noteMoved(from: Place, to: Place): void {
    if (from.type === 'drive') this.#drives.setFull(from.index, false);
    if (to.type === 'drive') this.#drives.setFull(to.index, true);
  }

  #unreserve(p: Place): void {
    const i = this.#reserved.findIndex((r) => samePlace(r, p));
    if (i >= 0) this.#reserved.splice(i, 1);
  }

  async #afterFailedMove(error: unknown, from: Place, to: Place): Promise<void> {
    this.#drives.stale = true;
    try {
      await this.#host.moveFailed(error, from, to);
    } catch {
      // The host's reconciliation failing must not hide the robot's error, which the job reports.
    }
  }

  /** The drive's own time after a cartridge went in: loading, or a cleaner cleaning. */
  async #settle(entry: Entry, stage: Settle): Promise<void> {
    const { medium, drive } = stage;
    await this.#robot.settleDrive?.(drive);
    if (entry.job.kind === 'clean') {
      entry.stage = { step: 'return', medium, drive };
      return;
    }
    if (!this.#halted(entry)) this.#finish(entry, { state: 'completed', drive });
  }

  #runExclusive(entry: Entry): void {
    const job = entry.job;
    if (job.kind !== 'exclusive') return;
    entry.committed = true;
    this.#exclusive = entry;
    this.#markStarted(entry);
    this.#launch(entry, async () => {
      try {
        await job.run();
      } finally {
        // An inventory, inject or eject may change where anything is: ask the host again.
        this.#exclusive = null;
        this.#drives.stale = true;
      }
      this.#finish(entry, { state: 'completed' });
    });
  }
}
