// The backup workload on an ideal library: no manager, no polling, no I/O — only the drives'
// cycle (move in, load, use, unload, move out) and the robots, as a discrete-event model of the
// same seeded jobs. It shows what a robot policy can reach at best when the scheduler does not know
// how long each cartridge will be used (the client says so only by dismounting): drives whose
// unloads end close together wait for a robot, and no order of serving them avoids that. Printed
// beside the manager's figure so the gap to the workload bound splits into what the policy loses
// to robot contention and what the manager adds; the workload bound stays the target.

export interface ModelJob {
  readonly arrivalMs: number;
  readonly useMs: number;
}

export interface ModelTiming {
  readonly moveMs: number;
  readonly driveLoadMs: number;
  readonly driveUnloadMs: number;
  readonly transports: number;
  readonly drives: number;
}

/**
 * - dismounts-first: every dismount's move out before any move in (NTMS order), each a turn of its own;
 * - swap: the robot that empties a drive a mount waits for fills it next (the scheduler's order under a backlog).
 */
export type RobotPolicy = 'dismounts-first' | 'swap';

type Task = { readonly kind: 'in' | 'out' | 'swap'; readonly drive: number; readonly since: number };

/** Makespan (ms) of `jobs` served first come first served on `timing`'s drives and robots under `policy`. */
export function modelMakespan(jobs: readonly ModelJob[], timing: ModelTiming, policy: RobotPolicy): number {
  const { moveMs, driveLoadMs, driveUnloadMs } = timing;
  const events: { at: number; seq: number; run: () => void }[] = [];
  let seq = 0;
  let now = 0;
  const at = (time: number, run: () => void): void => {
    events.push({ at: time, seq: seq++, run });
  };
  let freeRobots = timing.transports;
  let next = 0; // the next job a move in takes
  let end = 0;
  const tasks: Task[] = Array.from({ length: timing.drives }, (_, d) => ({ kind: 'in', drive: d, since: 0 }));
  const arrived = (): boolean => next < jobs.length && (jobs[next] as ModelJob).arrivalMs <= now;

  /** A move in of the next job's cartridge into drive `d`: it loads, is used, is unloaded, and waits for a robot. */
  const moveIn = (d: number): void => {
    const job = jobs[next++] as ModelJob;
    at(now + moveMs, () => {
      robotFree();
      at(now + driveLoadMs + job.useMs + driveUnloadMs, () => {
        tasks.push({ kind: policy === 'swap' && next < jobs.length ? 'swap' : 'out', drive: d, since: now });
        dispatch();
      });
    });
  };
  const robotFree = (): void => {
    freeRobots += 1;
    dispatch();
  };
  const dispatch = (): void => {
    tasks.sort((a, b) => (policy === 'dismounts-first' ? Number(a.kind === 'in') - Number(b.kind === 'in') : 0) || a.since - b.since);
    while (freeRobots > 0) {
      const i = tasks.findIndex((t) => t.kind !== 'in' || arrived());
      if (i < 0) return;
      const [task] = tasks.splice(i, 1) as [Task];
      freeRobots -= 1;
      if (task.kind === 'in') {
        moveIn(task.drive);
        continue;
      }
      at(now + moveMs, () => {
        end = now;
        // A swap's move in follows on the same robot when a job is there to take; else the drive waits empty.
        if (task.kind === 'swap' && arrived()) return moveIn(task.drive);
        if (next < jobs.length) tasks.push({ kind: 'in', drive: task.drive, since: now });
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
