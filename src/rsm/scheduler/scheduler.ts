// The scheduler: one per library. It decides which job gets the robot next and which drive a mount
// takes, and runs the drive-side steps (unload before a dismount, load after a mount) beside the
// robot's work so neither waits for the other. Every decision is made in one synchronous pass
// (#pump) over the jobs, re-run whenever anything finishes; the asynchronous work it starts
// (host lookups, drive steps, robot commands) reports back by pumping again.
import type { Clock } from '../../shared/clock.ts';
import { DriveBook } from './driveBook.ts';
import type { Entry, StopReason } from './entry.ts';
import type { SchedulerHost } from './host.ts';
import { PRIORITY_HIGHEST, PRIORITY_LOWEST, type DismountJob, type Job, type Outcome, type PendingJob } from './job.ts';
import { DEFAULT_AGING_MS, type SchedulerOptions } from './options.ts';
import { formatPlace, samePlace, type Place } from '../../shared/place.ts';
import { compareRank, effectivePriority, type Rankable } from './rank.ts';
import type { Robot } from './robot.ts';
import { SchedulerError } from './schedulerError.ts';

const drivePlace = (index: number): Place => ({ type: 'drive', index });

/** Where a robot turn goes: one job, or a dismount and the mount waiting for its drive as one exchange. */
type Turn = { readonly entry: Entry; readonly partner: Entry | null };

/** A mount that wants the other side of a two-sided cartridge turns it over on its way into the drive. */
function flipFor(job: Job): boolean {
  return job.kind === 'mount' && job.flip === true;
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
        job, resolve, deadline: new AbortController(), step: job.kind === 'exclusive' ? 'exclusive' : 'prepare',
        active: false, started: false, waiting: false, stop: null, committed: false,
        medium: null, source: null, target: null, destination: null, owns: new Set(), after: null,
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
    if (entry === undefined || entry.step === 'done' || entry.committed) return false;
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
    if (entry === undefined || entry.step === 'done' || entry.started) return false;
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
      drive: e.target ?? (e.job.kind === 'dismount' ? e.job.drive : null),
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
        if (entry.step !== 'done' && !entry.committed) this.#stop(entry, 'timed-out');
      },
      () => undefined, // the job finished first
    );
  }

  // ── outcomes ───────────────────────────────────────────────────────────────────────────────

  /** Asks a job to stop: at once when nothing of it is under way, else at the end of its current step. */
  #stop(entry: Entry, reason: StopReason): void {
    if (entry.step === 'done') return;
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
    if (entry.step === 'done') return;
    entry.step = 'done';
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
    const freesDrive = entry.job.kind === 'dismount' || entry.step === 'return';
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
    if (entry.active || entry.step === 'done' || this.#halted(entry)) return;
    if (entry.after !== null) {
      if (entry.after.step !== 'done') return;
      entry.after = null;
    }
    if (entry.step === 'prepare') this.#launch(entry, () => this.#prepare(entry));
    else if (entry.step === 'source') this.#takeSourceDrive(entry);
    else if (entry.step === 'settle') this.#launch(entry, () => this.#settle(entry));
  }

  #takeSourceDrive(entry: Entry): void {
    const drive = (entry.source as Place).index;
    const owner = this.#drives.owner(drive);
    if (owner !== null && owner !== entry) return this.#markWaiting(entry);
    this.#drives.own(drive, entry);
    this.#markStarted(entry);
    this.#launch(entry, () => this.#unloadSource(entry, drive));
  }

  /** Gives a job that puts a cartridge into a drive the drive it will use, in rank order. */
  #bindDrive(entry: Entry, emptying: ReadonlySet<number>): void {
    if (entry.step !== 'ready' && entry.step !== 'source') return;
    if (entry.target !== null || this.#halted(entry)) return;
    const candidates = this.#targetCandidates(entry);
    if (candidates === null) return;
    const free = this.#drives.pickFree(candidates);
    if (free !== undefined) {
      this.#drives.bind(free, entry);
      return;
    }
    // An empty drive promised to a job that ranks lower and has not started on it: this one goes first.
    const promised = candidates.find((d) => this.#canTakeOver(entry, d));
    if (promised !== undefined) {
      const holder = this.#drives.boundTo(promised) as Entry;
      this.#drives.unbind(holder);
      holder.target = null;
      this.#drives.bind(promised, entry);
      return;
    }
    // No empty drive: take one a queued dismount will empty (and, if the robot can, swap in one go).
    const soonFree = candidates.find((d) => this.#drives.boundTo(d) === null && emptying.has(d));
    if (soonFree !== undefined) {
      this.#drives.bind(soonFree, entry);
      return;
    }
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

  /** The drives a job may put its cartridge into, or null when it puts none into a drive. */
  #targetCandidates(entry: Entry): readonly number[] | null {
    const job = entry.job;
    if (job.kind === 'mount') return this.#withdrawn.size === 0 ? job.drives : job.drives.filter((d) => !this.#withdrawn.has(d));
    if (job.kind === 'clean') return [job.drive];
    if (job.kind === 'move' && job.to.type === 'drive') return [job.to.index];
    return null;
  }

  /** Drives a queued dismount will empty. */
  #drivesBeingEmptied(): Set<number> {
    const drives = new Set<number>();
    for (const e of this.#entries.values()) if (e.job.kind === 'dismount' && e.step !== 'done' && e.stop === null) drives.add(e.job.drive);
    return drives;
  }

  #dismountFor(drive: number): Entry | undefined {
    for (const e of this.#entries.values()) {
      if (e.job.kind === 'dismount' && e.job.drive === drive && e.step !== 'done' && e.stop === null) return e;
    }
    return undefined;
  }

  /** Hands free transports to the best-ranked jobs that can use the robot now. */
  #dispatchRobot(): void {
    while (this.#idleTransports.length > 0 && this.#exclusive === null) {
      const turn = this.#nextTurn();
      if (turn === null) return;
      if (turn.entry.job.kind === 'exclusive') {
        // Exclusive work starts only on an idle robot, and nothing else starts before it.
        if (this.#robotIdle) this.#runExclusive(turn.entry);
        return;
      }
      const transport = this.#idleTransports.shift() as number;
      this.#launchRobot(turn, transport);
    }
  }

  #nextTurn(): Turn | null {
    const eligible = this.#ranked([...this.#entries.values()].filter((e) => this.#canTakeRobot(e)));
    const entry = eligible[0];
    if (entry === undefined) return null;
    return { entry, partner: entry.job.kind === 'dismount' ? this.#exchangePartner(entry.job) : null };
  }

  #canTakeRobot(entry: Entry): boolean {
    if (entry.active || this.#halted(entry)) return false;
    switch (entry.step) {
      case 'exclusive':
      case 'return':
        return true;
      case 'ready':
        break;
      default:
        return false;
    }
    if (entry.job.kind === 'dismount') return true;
    if (entry.target !== null) return !this.#drives.isFull(entry.target) && this.#drives.owner(entry.target) === null;
    if (entry.destination !== null) return !this.#reserved.some((p) => samePlace(p, entry.destination as Place));
    return false;
  }

  /** The mount waiting for this dismount's drive, when one EXCHANGE MEDIUM can do both. */
  #exchangePartner(job: DismountJob): Entry | null {
    if (!this.#robot.canExchange) return null;
    const mount = this.#drives.boundTo(job.drive);
    if (mount === null || mount.active || mount.stop !== null || mount.step !== 'ready') return null;
    if (mount.source === null || mount.source.type === 'drive' || mount.source.type === 'transport') return null;
    return mount;
  }

  // ── asynchronous work ─────────────────────────────────────────────────────────────────────

  /** Runs one step of a job; whatever it throws fails the job; either way the pass runs again. */
  #launch(entry: Entry, work: () => Promise<void>): void {
    entry.active = true;
    work()
      .catch((error: unknown) => this.#fail(entry, error))
      .finally(() => {
        entry.active = false;
        if (entry.step !== 'done' && this.#halted(entry)) this.#finishStopped(entry);
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
        entry.medium = medium;
        entry.source = where;
        if (where.type === 'drive') {
          // In a drive that is being dismounted, or that another job is working on: look again after it.
          const busyWith = this.#dismountFor(where.index) ?? this.#drives.owner(where.index);
          if (busyWith !== undefined && busyWith !== null) {
            entry.after = busyWith;
            return;
          }
          if (job.kind === 'mount' && job.drives.includes(where.index)) {
            this.#finish(entry, { state: 'completed', drive: where.index });
            return;
          }
        }
        entry.step = where.type === 'drive' ? 'source' : 'ready';
        return;
      }
      case 'dismount':
        entry.source = drivePlace(job.drive);
        entry.step = 'source';
        return;
      case 'move': {
        const medium = await this.#host.occupantOf(job.from);
        if (medium === null) throw new SchedulerError('SOURCE_EMPTY', `${formatPlace(job.from)} is empty`);
        if (job.to.type !== 'drive' && (await this.#host.occupantOf(job.to)) !== null) {
          throw new SchedulerError('DESTINATION_FULL', `${formatPlace(job.to)} already holds a cartridge`);
        }
        entry.medium = medium;
        entry.source = job.from;
        if (job.to.type !== 'drive') entry.destination = job.to;
        entry.step = job.from.type === 'drive' ? 'source' : 'ready';
        return;
      }
      case 'exclusive':
        return;
    }
  }

  /** The drive's host ejects the cartridge (robot free meanwhile); a dismount learns what it takes out. */
  async #unloadSource(entry: Entry, drive: number): Promise<void> {
    if (entry.job.kind === 'dismount') {
      const medium = await this.#host.occupantOf(drivePlace(drive));
      if (medium === null) throw new SchedulerError('SOURCE_EMPTY', `drive ${drive} is empty`);
      entry.medium = medium;
    }
    // A cleaner ejects itself when done; everything else needs the drive's host to unload it.
    if (entry.job.kind !== 'clean') await this.#robot.unloadDrive?.(drive);
    entry.step = 'ready';
  }

  #launchRobot(turn: Turn, transport: number): void {
    const { entry, partner } = turn;
    this.#markStarted(entry);
    if (partner !== null) {
      this.#markStarted(partner);
      partner.active = true;
    }
    if (entry.job.kind === 'clean' && entry.step === 'ready') entry.committed = true;
    // A cartridge going into a drive: the drive is this job's from now until it is loaded.
    if (partner === null && entry.step === 'ready' && entry.target !== null) this.#drives.own(entry.target, entry);
    this.#launch(entry, async () => {
      try {
        if (partner !== null) await this.#exchange(entry, partner, transport);
        else await this.#robotStep(entry, transport);
      } finally {
        this.#idleTransports.push(transport);
        this.#idleTransports.sort((a, b) => a - b);
        if (partner !== null) {
          partner.active = false;
          if (partner.step !== 'done' && this.#halted(partner)) this.#finishStopped(partner);
        }
      }
    });
  }

  /** One job's robot command: a cartridge out of a drive, into a drive, or between two other places. */
  async #robotStep(entry: Entry, transport: number): Promise<void> {
    const job = entry.job;
    if (job.kind === 'dismount' || entry.step === 'return') {
      const drive = job.kind === 'dismount' ? job.drive : (entry.target as number);
      const policy = job.kind === 'dismount' ? job.placement : 'home';
      await this.#moveOut(entry, drive, policy, transport);
      if (job.kind === 'clean') this.#finish(entry, { state: 'completed', drive });
      else this.#finish(entry, { state: 'completed' });
      return;
    }
    if (!(await this.#sourceStillThere(entry))) return;
    const from = entry.source as Place;
    if (entry.target === null) {
      const to = entry.destination as Place;
      await this.#robotMove(entry.medium as string, from, to, transport);
      this.#finish(entry, { state: 'completed' });
      return;
    }
    const drive = entry.target;
    this.#drives.unbind(entry);
    await this.#robotMove(entry.medium as string, from, drivePlace(drive), transport, flipFor(job));
    if (from.type === 'drive') this.#drives.release(from.index, entry);
    this.#drives.countMount(drive);
    // The drive loads (or cleans) on its own time (#settle); the transport is handed back meanwhile.
    entry.step = 'settle';
  }

  /** A cartridge out of `drive` to a free slot the host chooses by policy. */
  async #moveOut(entry: Entry, drive: number, policy: 'home' | 'nearest', transport: number): Promise<void> {
    const medium = entry.medium as string;
    const from = drivePlace(drive);
    const to = await this.#host.destinationFor(medium, policy, from, [...this.#reserved]);
    await this.#robotMove(medium, from, to, transport);
  }

  /** The host may have moved things meanwhile (an inventory, a failed move): look again first. */
  async #sourceStillThere(entry: Entry): Promise<boolean> {
    const where = await this.#host.whereIs(entry.medium as string);
    if (where !== null && entry.source !== null && samePlace(where, entry.source)) return true;
    for (const d of [...entry.owns]) this.#drives.release(d, entry);
    this.#drives.unbind(entry);
    entry.target = null;
    entry.step = 'prepare';
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
  async #exchange(dismount: Entry, mount: Entry, transport: number): Promise<void> {
    const drive = (dismount.job as DismountJob).drive;
    const placement = (dismount.job as DismountJob).placement;
    const here = drivePlace(drive);
    if (!(await this.#sourceStillThere(mount))) {
      await this.#moveOut(dismount, drive, placement, transport);
      this.#finish(dismount, { state: 'completed' });
      return;
    }
    const source = mount.source as Place;
    const old = dismount.medium as string;
    const destination = await this.#host.destinationFor(old, placement, here, [...this.#reserved]);
    this.#reserved.push(destination);
    this.#drives.unbind(mount);
    this.#drives.release(drive, dismount);
    this.#drives.own(drive, mount);
    try {
      try {
        await this.#robot.exchange(source, here, destination, transport, flipFor(mount.job));
      } catch (error) {
        await this.#afterFailedMove(error, source, here);
        this.#fail(mount, error);
        throw error;
      }
      this.#noteMoved(here, destination);
      this.#noteMoved(source, here);
      await this.#host.moved(old, here, destination);
      await this.#host.moved(mount.medium as string, source, here, flipFor(mount.job));
    } finally {
      this.#unreserve(destination);
    }
    this.#drives.countMount(drive);
    mount.step = 'settle';
    this.#finish(dismount, { state: 'completed' });
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
  async #settle(entry: Entry): Promise<void> {
    const drive = entry.target as number;
    await this.#robot.settleDrive?.(drive);
    if (entry.job.kind === 'clean') {
      entry.step = 'return';
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
