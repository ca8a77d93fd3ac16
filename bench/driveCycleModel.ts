// The backup workload on an ideal library: no manager, no polling, no I/O — only the drives'
// cycle (move in, load, use, unload, move out) and the robots, as a discrete-event model of the
// same seeded jobs. It shows what a robot policy can reach at best when the scheduler does not know
// how long each cartridge will be used (the client says so only by dismounting): drives whose
// unloads end close together wait for a robot, and no order of serving them avoids that. Printed
// beside the manager's figure so the gap to the workload bound splits into what the policy loses
// to robot contention and what the manager adds; the workload bound stays the target.
//
// Why no order of service closes the gap (issue 17): every robot task of a backlogged library is
// the same 20 s (move out + move in, or two 10 s halves), and the library-500 profile's moves take
// the same time whatever the distance (transportMechanics.ts), so any policy that never leaves a
// robot idle while a drive waits and refills an emptied drive at once finishes tasks at the same
// instants; which drive is served only changes who waits, not how long the drives wait in all. What would change it is choosing WHICH
// job goes into a drive so that its dismount lands where a robot is free, and that needs each
// job's use time before it is mounted ('clairvoyant' below, for scale only).

export interface ModelJob {
  readonly arrivalMs: number;
  readonly useMs: number;
  /** Jobs on one cartridge wait for each other's dismount (the bench's client does). */
  readonly barcode?: string;
  /** −15 … +15; used when jobs are served in priority order. */
  readonly priority?: number;
}

/**
 * The order waiting jobs are taken in: as they arrived, or as the scheduler ranks them — priority
 * raised one step per `agingMs` waited (rank.ts), then arrival.
 */
export type ModelOrder = { readonly by: 'arrival' } | { readonly by: 'priority'; readonly agingMs: number };

export interface ModelTiming {
  readonly moveMs: number;
  readonly driveLoadMs: number;
  readonly driveUnloadMs: number;
  /** Number of robots; Infinity for a library where no drive ever waits for one. */
  readonly transports: number;
  readonly drives: number;
}

/**
 * - dismounts-first: every dismount's move out before any move in (NTMS order), each a turn of its own;
 * - swap: the robot that empties a drive a mount waits for fills it next (the scheduler's order under a backlog);
 * - split: moves out and in are separate tasks any robot takes, moves in of a drive just emptied first
 *   (one robot unloads while the other fetches the next cartridge, where the other is free first);
 * - lookahead: as swap, but a robot that would start a move into an empty drive stays put when an
 *   unload ends within the move and no other robot is free for it (the 24 s unload is a warning);
 * - clairvoyant: as swap, but the move in takes, of the first 16 waiting jobs, the one whose dismount
 *   falls where the fewest other drives will want a robot — it knows every use time in advance,
 *   which no scheduler does (only a client that declared its use could make it real).
 */
export type RobotPolicy = 'dismounts-first' | 'swap' | 'split' | 'lookahead' | 'clairvoyant';

type Task = { readonly kind: 'in' | 'out' | 'swap'; readonly drive: number; readonly since: number };

/** How many waiting jobs the clairvoyant policy may reorder (it still serves them near their turn). */
const CLAIRVOYANT_WINDOW = 16;

/** Makespan (ms) of `jobs` served on `timing`'s drives and robots under `policy`. */
export function modelMakespan(jobs: readonly ModelJob[], timing: ModelTiming, policy: RobotPolicy, order: ModelOrder = { by: 'arrival' }): number {
  const { moveMs, driveLoadMs, driveUnloadMs } = timing;
  const events: { at: number; seq: number; run: () => void }[] = [];
  let seq = 0;
  let now = 0;
  const at = (time: number, run: () => void): void => {
    events.push({ at: time, seq: seq++, run });
  };
  let freeRobots = timing.transports;
  const taken = new Array<boolean>(jobs.length).fill(false);
  let started = 0;
  const busyCartridges = new Set<string>();
  /** When each drive will want a robot (its unload's end), for drives loading or in use. */
  const demandAt = new Map<number, number>();
  let end = 0;
  const tasks: Task[] = Array.from({ length: timing.drives }, (_, d) => ({ kind: 'in', drive: d, since: 0 }));
  const ready = (j: number): boolean => {
    const job = jobs[j] as ModelJob;
    return !taken[j] && job.arrivalMs <= now && (job.barcode === undefined || !busyCartridges.has(job.barcode));
  };
  const readyJobs = (limit: number): number[] => {
    const found: number[] = [];
    for (let j = 0; j < jobs.length && found.length < limit; j++) {
      if (!taken[j] && (jobs[j] as ModelJob).arrivalMs > now) break;
      if (ready(j)) found.push(j);
    }
    return found;
  };
  const anyReady = (): boolean => readyJobs(1).length > 0;
  const remaining = (): boolean => started < jobs.length;

  const chooseJob = (): number => {
    if (order.by === 'priority') {
      const rank = (j: number): number => {
        const job = jobs[j] as ModelJob;
        return (job.priority ?? 0) + Math.floor((now - job.arrivalMs) / order.agingMs);
      };
      return readyJobs(jobs.length).reduce((best, j) => (rank(j) > rank(best) ? j : best));
    }
    const candidates = readyJobs(policy === 'clairvoyant' ? CLAIRVOYANT_WINDOW : 1);
    if (policy !== 'clairvoyant' || candidates.length < 2) return candidates[0] as number;
    const taskMs = 2 * moveMs;
    let best = candidates[0] as number;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const j of candidates) {
      const wants = now + moveMs + driveLoadMs + (jobs[j] as ModelJob).useMs + driveUnloadMs;
      let score = 0;
      for (const other of demandAt.values()) if (Math.abs(other - wants) < taskMs) score += taskMs - Math.abs(other - wants);
      if (score < bestScore) {
        bestScore = score;
        best = j;
      }
    }
    return best;
  };

  /** A move in of a waiting job's cartridge into drive `d`: it loads, is used, is unloaded, and waits for a robot. */
  const moveIn = (d: number): void => {
    const j = chooseJob();
    const job = jobs[j] as ModelJob;
    taken[j] = true;
    started++;
    if (job.barcode !== undefined) busyCartridges.add(job.barcode);
    demandAt.set(d, now + moveMs + driveLoadMs + job.useMs + driveUnloadMs);
    at(now + moveMs, () => {
      robotFree();
      at(now + driveLoadMs + job.useMs + driveUnloadMs, () => {
        tasks.push({ kind: (policy === 'swap' || policy === 'lookahead' || policy === 'clairvoyant') && remaining() ? 'swap' : 'out', drive: d, since: now });
        dispatch();
      });
    });
    // The client's dismount of this cartridge completes with the move out; only then may its next job start.
    outOf.set(d, job.barcode);
  };
  const outOf = new Map<number, string | undefined>();
  const robotFree = (): void => {
    freeRobots += 1;
    dispatch();
  };
  const pick = (): number => {
    const usable = (t: Task): boolean => t.kind !== 'in' || anyReady();
    if (policy === 'lookahead') {
      const i = tasks.findIndex((t) => t.kind !== 'in');
      if (i >= 0) return i;
      const j = tasks.findIndex(usable);
      if (j < 0) return -1;
      // An unload ends before a move in would: keep this robot for it unless another robot is free.
      const soon = [...demandAt.values()].filter((t) => t > now && t < now + moveMs).length;
      return soon >= freeRobots ? -1 : j;
    }
    return tasks.findIndex(usable);
  };
  let wakeAt = Number.POSITIVE_INFINITY;
  const dispatch = (): void => {
    tasks.sort((a, b) => {
      if (policy === 'dismounts-first') return Number(a.kind === 'in') - Number(b.kind === 'in') || a.since - b.since;
      if (policy === 'split') return Number(a.kind !== 'in') - Number(b.kind !== 'in') || a.since - b.since;
      return a.since - b.since;
    });
    while (freeRobots > 0) {
      const i = pick();
      if (i < 0) {
        // The lookahead robot waits for the unload it kept itself for; look again when it ends.
        const next = Math.min(...[...demandAt.values()].filter((t) => t > now));
        if (policy === 'lookahead' && Number.isFinite(next) && next < wakeAt) {
          wakeAt = next;
          at(next, () => {
            wakeAt = Number.POSITIVE_INFINITY;
            dispatch();
          });
        }
        return;
      }
      const [task] = tasks.splice(i, 1) as [Task];
      freeRobots -= 1;
      if (task.kind === 'in') {
        moveIn(task.drive);
        continue;
      }
      demandAt.delete(task.drive);
      at(now + moveMs, () => {
        end = now;
        const barcode = outOf.get(task.drive);
        if (barcode !== undefined) busyCartridges.delete(barcode);
        // A swap's move in follows on the same robot when a job is there to take; else the drive waits empty.
        if (task.kind === 'swap' && anyReady()) return moveIn(task.drive);
        if (remaining()) tasks.push({ kind: 'in', drive: task.drive, since: now });
        robotFree();
      });
    }
  };
  for (const job of jobs) at(job.arrivalMs, dispatch);
  while (events.length > 0) {
    events.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const event = events.shift() as (typeof events)[number];
    now = event.at;
    event.run();
  }
  return end;
}
