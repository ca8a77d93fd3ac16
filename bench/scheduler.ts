// Mounts per hour on the library-500 profile (virtual clock): a fixed, seeded workload of 500
// backup-style jobs (mount any drive that writes the medium, use it, dismount home) through the
// Scheduler + ChangerRobot on the real emulator stack, against the library's physical bound and
// against first-come-first-served one-at-a-time, which is what an mtx script does.
import { performance } from 'node:perf_hooks';
import { Changer } from '../src/driver/changer.ts';
import { elementCount } from '../src/driver/changerParameters.ts';
import { ElementType } from '../src/driver/elementType.ts';
import { SmcMiniclass } from '../src/driver/smc/smcMiniclass.ts';
import { VirtualClock, VirtualLibrary } from '../src/emulator/index.ts';
import { SeededRandom } from '../src/emulator/seededRandom.ts';
import { ChangerRobot, Scheduler, SnapshotHost, type Robot } from '../src/rsm/scheduler/index.ts';
import type { Place } from '../src/shared/place.ts';
import { canWrite, driveTypeFromProduct } from '../src/storage/index.ts';
import { LoopbackTransport } from '../src/transport/loopback.ts';

const PROFILE = 'library-500';
const JOBS = 500;
const SEED = 500;
/** Jobs arrive faster than any library of this size can serve them, so a queue forms. */
const MEAN_ARRIVAL_GAP_MS = 6_000;
const MAX_USE_MS = 60_000;

interface BackupJob {
  readonly arrivalMs: number;
  readonly barcode: string;
  readonly useMs: number;
  readonly priority: number;
}

interface Bench {
  readonly clock: VirtualClock;
  readonly library: VirtualLibrary;
  readonly changer: Changer;
  readonly robot: ChangerRobot;
  readonly host: SnapshotHost;
  /** Drives that can write the workload's media (LTO-8): the LTO-7 drives cannot. */
  readonly drives: readonly number[];
  readonly media: readonly string[];
  close(): Promise<void>;
}

let opened = 0;

async function openBench(): Promise<Bench> {
  const clock = new VirtualClock({ autoAdvance: true });
  const library = await VirtualLibrary.open({ profile: PROFILE, clock });
  const url = `bench:scheduler:${process.pid}:${opened++}`;
  const changer = await Changer.open(url, {
    owner: 'bench',
    deviceKey: url,
    connect: async () => new SmcMiniclass(new LoopbackTransport(library.device, { initiator: 'bench', lun: 0 }, url)),
  });
  const robot = new ChangerRobot(changer, {
    // The drive's host: `mt offline` before the robot may pull (predismount eject), TEST UNIT READY after a load.
    unloadDrive: (drive) => library.frontPanel.ejectDrive(drive),
    settleDrive: (drive) => library.frontPanel.driveReady(drive),
  });
  const host = await SnapshotHost.read(changer);
  const count = elementCount(changer.cachedParameters, ElementType.Drive);
  const status = await changer.getElementStatus({ element: { type: ElementType.Drive, index: 0 }, count, volumeTagInfo: false });
  const drives = status.flatMap((s, d) => {
    const type = s.driveIdentity === undefined ? undefined : driveTypeFromProduct(s.driveIdentity.productId);
    return type !== undefined && canWrite(type, 'LTO-8') ? [d] : [];
  });
  const media = [...host.contents()].filter(([place, barcode]) => place.startsWith('slot') && barcode.endsWith('L8')).map(([, barcode]) => barcode);
  return {
    clock, library, changer, robot, host, drives, media,
    close: async () => {
      await changer.close();
      await library.close();
    },
  };
}

function makeWorkload(media: readonly string[]): BackupJob[] {
  const random = new SeededRandom(SEED);
  let at = 0;
  return Array.from({ length: JOBS }, () => {
    at += Math.round(-Math.log(1 - random.next()) * MEAN_ARRIVAL_GAP_MS);
    return { arrivalMs: at, barcode: media[random.int(media.length)] as string, useMs: random.int(MAX_USE_MS + 1), priority: random.int(31) - 15 };
  });
}

/** Counts the time some robot command is under way on each transport. */
function timedRobot(robot: ChangerRobot, clock: VirtualClock, busy: number[]): Robot {
  const timed = async (t: number, command: () => Promise<void>): Promise<void> => {
    const start = clock.now();
    try {
      await command();
    } finally {
      busy[t] = (busy[t] ?? 0) + clock.now() - start;
    }
  };
  return {
    transports: robot.transports,
    canExchange: robot.canExchange,
    move: (from, to, t) => timed(t, () => robot.move(from, to, t)),
    exchange: (source, first, second, t) => timed(t, () => robot.exchange(source, first, second, t)),
    ...(robot.unloadDrive !== undefined ? { unloadDrive: robot.unloadDrive } : {}),
    ...(robot.settleDrive !== undefined ? { settleDrive: robot.settleDrive } : {}),
  };
}

interface Run {
  readonly makespanMs: number;
  readonly wallMs: number;
  readonly robotBusyMs: number;
  readonly failures: number;
}

/** Every job through the Scheduler: jobs wanting the same cartridge wait for each other, as a manager's allocation would make them. */
async function runScheduled(workload: readonly BackupJob[]): Promise<Run> {
  const bench = await openBench();
  const wall = performance.now();
  const busy: number[] = [];
  const scheduler = new Scheduler({ robot: timedRobot(bench.robot, bench.clock, busy), host: bench.host, clock: bench.clock, driveCount: elementCount(bench.changer.cachedParameters, ElementType.Drive) });
  const t0 = bench.clock.now();
  const lastUse = new Map<string, Promise<unknown>>();
  let id = 0;
  let failures = 0;
  const runJob = async (job: BackupJob): Promise<void> => {
    const meta = () => ({ id: id++, priority: job.priority, submittedAt: bench.clock.now(), deadlineAt: null });
    const mounted = await scheduler.submit({ ...meta(), kind: 'mount', mediumId: job.barcode, drives: bench.drives });
    if (mounted.state !== 'completed' || mounted.drive === undefined) {
      failures++;
      return;
    }
    await bench.clock.sleep(job.useMs);
    const dismounted = await scheduler.submit({ ...meta(), kind: 'dismount', drive: mounted.drive, placement: 'home' });
    if (dismounted.state !== 'completed') failures++;
  };
  const all = workload.map(async (job) => {
    await bench.clock.sleep(job.arrivalMs);
    const before = lastUse.get(job.barcode) ?? Promise.resolve();
    const mine = before.then(() => runJob(job));
    lastUse.set(job.barcode, mine);
    await mine;
  });
  await Promise.all(all);
  const makespanMs = bench.clock.now() - t0;
  await scheduler.close();
  await bench.close();
  return { makespanMs, wallMs: performance.now() - wall, robotBusyMs: busy.reduce((a, b) => a + b, 0), failures };
}

/** What an mtx script does: each job waits for the previous; load, use, unload, put back — one drive, one robot move at a time. */
async function runOneAtATime(workload: readonly BackupJob[]): Promise<Run> {
  const bench = await openBench();
  const wall = performance.now();
  const t0 = bench.clock.now();
  const drive: Place = { type: 'drive', index: bench.drives[0] as number };
  let busyMs = 0;
  for (const job of workload) {
    const wait = t0 + job.arrivalMs - bench.clock.now();
    if (wait > 0) await bench.clock.sleep(wait);
    const home = (await bench.host.whereIs(job.barcode)) as Place;
    let start = bench.clock.now();
    await bench.robot.move(home, drive, 0);
    busyMs += bench.clock.now() - start;
    await bench.robot.settleDrive?.(drive.index);
    await bench.clock.sleep(job.useMs);
    await bench.robot.unloadDrive?.(drive.index);
    start = bench.clock.now();
    await bench.robot.move(drive, home, 0);
    busyMs += bench.clock.now() - start;
  }
  const makespanMs = bench.clock.now() - t0;
  await bench.close();
  return { makespanMs, wallMs: performance.now() - wall, robotBusyMs: busyMs, failures: 0 };
}

const perHour = (mounts: number, ms: number): number => (mounts * 3_600_000) / ms;

export async function benchScheduler(report: (name: string, value: string) => void): Promise<void> {
  const probe = await openBench();
  const { moveMs, driveLoadMs, driveUnloadMs } = probe.library.profile.timings;
  const transports = probe.robot.transports;
  const drives = probe.drives.length;
  const workload = makeWorkload(probe.media);
  await probe.close();

  const robotRate = transports * (3_600_000 / (2 * moveMs));
  const exchangeMs = driveUnloadMs + 2 * moveMs + driveLoadMs;
  const driveRate = drives * (3_600_000 / exchangeMs);
  const bound = Math.min(robotRate, driveRate);
  const meanUseMs = workload.reduce((sum, j) => sum + j.useMs, 0) / workload.length;
  const workloadBound = Math.min(robotRate, drives * (3_600_000 / (exchangeMs + meanUseMs)));

  const scheduled = await runScheduled(workload);
  const fcfs = await runOneAtATime(workload);
  const ours = perHour(JOBS, scheduled.makespanMs);
  const theirs = perHour(JOBS, fcfs.makespanMs);

  const p = `scheduler ${PROFILE}`;
  report(`${p}: workload`, `${JOBS} mounts of LTO-8 media (seed ${SEED}), arrivals every ${MEAN_ARRIVAL_GAP_MS / 1000} s on average, use 0–${MAX_USE_MS / 1000} s (mean ${(meanUseMs / 1000).toFixed(0)} s), dismount home`);
  report(`${p}: robot rate`, `transports × 3600 / (2 × move) = ${transports} × 3600 / (2 × ${moveMs / 1000} s) = ${robotRate.toFixed(0)} mounts/h (each mount costs two moves: in, and out at its dismount)`);
  report(`${p}: drive rate`, `drives × 3600 / exchange time = ${drives} LTO-8 drives × 3600 / (unload ${driveUnloadMs / 1000} + 2 × move ${moveMs / 1000} + load ${driveLoadMs / 1000} = ${exchangeMs / 1000} s) = ${driveRate.toFixed(0)} mounts/h (the 4 LTO-7 drives cannot write LTO-8)`);
  report(`${p}: physical bound`, `min(robot rate, drive rate) = ${bound.toFixed(0)} mounts/h (no data time)`);
  report(`${p}: workload bound`, `with the mean use time in each drive cycle: min(${robotRate.toFixed(0)}, ${drives} × 3600 / ${((exchangeMs + meanUseMs) / 1000).toFixed(0)} s) = ${workloadBound.toFixed(0)} mounts/h`);
  report(`${p}: Scheduler + ChangerRobot`, `${ours.toFixed(0)} mounts/h (${(scheduled.makespanMs / 3_600_000).toFixed(2)} h virtual, ${scheduled.failures} failed, robots busy ${((100 * scheduled.robotBusyMs) / (transports * scheduled.makespanMs)).toFixed(0)} %, ${(scheduled.wallMs / 1000).toFixed(1)} s wall)`);
  report(`${p}: fraction of the physical bound`, `${((100 * ours) / bound).toFixed(0)} % (of the workload bound: ${((100 * ours) / workloadBound).toFixed(0)} %)`);
  report(`${p}: one at a time, first come first served`, `what an mtx script does (load, use, unload, put back, next): ${theirs.toFixed(1)} mounts/h (${(fcfs.makespanMs / 3_600_000).toFixed(1)} h virtual, ${(fcfs.wallMs / 1000).toFixed(1)} s wall)`);
  report(`${p}: Scheduler / one at a time`, `${(ours / theirs).toFixed(1)} ×`);
}
