// Mounts per hour through the whole manager (issue 17): HTTP requests to a real API server →
// catalog (SQLite) → scheduler → changer driver → embedded emulator, all on virtual time (the
// manager's clock and the library's move in lockstep, see lockstep.ts). Each figure is printed
// beside the bound it is measured against, with how that bound is computed.
//
// Workloads, seeded so every run is the same:
// - backup: 500 mounts of LTO-8 media on library-500 arriving faster than the library can serve
//   them, each used 0–60 s and dismounted home (what a backup server does);
// - robot-bound: the same but with zero use time, so the drives never wait for data and only the
//   robots limit the rate (the library's physical bound);
// - one at a time: the backup workload first come first served, one job after the other, what an
//   mtx script does.
//
// Not yet called from bench/run.ts: its first runs (on a machine at load 100) never got past the
// first manager's start-up inside Lockstep; see why before wiring it in (issue 17).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApiServer, embeddedLibrariesOf, FileTokenStore } from '../src/api/index.ts';
import { SeededRandom } from '../src/emulator/seededRandom.ts';
import type { LibraryRequest } from '../src/rsm/catalog/index.ts';
import { Manager, type LibraryDetail, type MediumView, type RequestView } from '../src/rsm/index.ts';
import { VirtualClock } from '../src/shared/clock.ts';
import { embeddedLibrary } from '../src/transport/embeddedLibraries.ts';
import { Lockstep } from './lockstep.ts';

const LIBRARY = 'lib';
const SEED = 500;
/** Commit 1bd3f8b, Scheduler + ChangerRobot only (no API, no catalog), same workload and seed. */
const BEFORE = { mountsPerHour: 279, robotsBusy: 77 };

type Report = (name: string, value: string) => void;

interface Workload {
  readonly name: string;
  readonly jobs: readonly WorkJob[];
  /** Each job waits for the previous one to be dismounted (mtx-style), on the first drive that fits. */
  readonly oneAtATime?: boolean;
}

interface WorkJob {
  readonly arrivalMs: number;
  readonly barcode: string;
  readonly useMs: number;
  readonly priority: number;
}

interface Finished {
  readonly request: LibraryRequest;
}

/** A manager serving the API on 127.0.0.1, over an embedded library of `profile`, on lockstep virtual time. */
class ManagerBench {
  private constructor(
    readonly url: string,
    readonly token: string,
    readonly manager: Manager,
    readonly clock: VirtualClock,
    readonly lockstep: Lockstep,
    readonly profile: { moveMs: number; exchangeMs: number; driveLoadMs: number; driveUnloadMs: number; transports: number; exchange: boolean; ejectRequired: boolean; loadHoldsRobot: boolean },
    readonly close: () => Promise<void>,
  ) {}

  readonly #done = new Map<number, LibraryRequest>();
  readonly #waiting = new Map<number, (r: LibraryRequest) => void>();
  #unsubscribe: (() => void) | undefined;

  static async open(profileName: string): Promise<ManagerBench> {
    const dir = await mkdtemp(join(tmpdir(), `bench-scheduler-${profileName}-`));
    const clock = new VirtualClock();
    const deviceUrl = `virtual:${join(dir, 'library')}?profile=${profileName}&clock=virtual`;
    const manager = await Manager.start({ catalogUrl: join(dir, 'catalog.sqlite'), libraries: [{ name: LIBRARY, deviceUrl }], clock, pollIntervalMs: 0 });
    const library = embeddedLibrary(deviceUrl);
    if (library === undefined || !(library.clock instanceof VirtualClock)) throw new Error(`${deviceUrl} did not open in this process on a virtual clock`);
    const lockstep = new Lockstep([clock, library.clock]);
    await lockstep.start();
    const tokens = await FileTokenStore.open(null);
    const { token } = await tokens.create('bench', 'application');
    const server = buildApiServer({ service: manager, tokens, embedded: embeddedLibrariesOf(manager, (url) => embeddedLibrary(url)?.frontPanel) });
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    const { features, timings } = library.profile;
    const bench = new ManagerBench(
      url, token, manager, clock, lockstep,
      {
        moveMs: timings.moveMs, exchangeMs: timings.exchangeMs, driveLoadMs: timings.driveLoadMs, driveUnloadMs: timings.driveUnloadMs,
        transports: library.profile.robots.length, exchange: features.exchange, ejectRequired: features.predismountEjectRequired,
        loadHoldsRobot: features.moveIntoDriveCompletes === 'after-load',
      },
      async () => {
        bench.#unsubscribe?.();
        await lockstep.stop();
        await server.close();
        await manager.close();
        await rm(dir, { recursive: true, force: true });
      },
    );
    bench.#unsubscribe = manager.subscribe((event) => {
      if (event.type !== 'request' || !['completed', 'failed', 'cancelled', 'timed-out'].includes(event.request.state)) return;
      const waiter = bench.#waiting.get(event.request.id);
      if (waiter === undefined) bench.#done.set(event.request.id, event.request);
      else {
        bench.#waiting.delete(event.request.id);
        waiter(event.request);
      }
    });
    return bench;
  }

  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return this.lockstep.hold(async () => {
      const response = await fetch(this.url + path, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return JSON.parse(text) as T;
    });
  }

  /** POST the order, then wait (on the manager's events, in process) until its request has an outcome. */
  async request(path: string, order: object): Promise<Finished> {
    const queued = await this.call<RequestView>('POST', path, { library: LIBRARY, ...order });
    const done = this.#done.get(queued.id);
    if (done !== undefined) {
      this.#done.delete(queued.id);
      return { request: done };
    }
    return { request: await new Promise<LibraryRequest>((resolve) => this.#waiting.set(queued.id, resolve)) };
  }
}

interface Run {
  readonly makespanMs: number;
  readonly wallMs: number;
  readonly failures: number;
  /** Submission → mounted, per mount, with its priority. */
  readonly waits: readonly { readonly priority: number; readonly waitMs: number }[];
}

async function run(profile: string, workload: Workload): Promise<Run> {
  const bench = await ManagerBench.open(profile);
  try {
    const { clock } = bench;
    const wall = performance.now();
    const t0 = clock.now();
    const lastUse = new Map<string, Promise<unknown>>();
    const waits: { priority: number; waitMs: number }[] = [];
    let failures = 0;
    let previous: Promise<unknown> = Promise.resolve();
    const cycle = async (job: WorkJob): Promise<void> => {
      const { request: mount } = await bench.request('/v1/mounts', { barcode: job.barcode, priority: job.priority });
      if (mount.state !== 'completed') {
        failures++;
        return;
      }
      waits.push({ priority: job.priority, waitMs: (mount.finishedAt ?? 0) - mount.submittedAt });
      await clock.sleep(job.useMs);
      const { request: dismount } = await bench.request('/v1/dismounts', { barcode: job.barcode, placement: 'home' });
      if (dismount.state !== 'completed') failures++;
    };
    await Promise.all(workload.jobs.map(async (job) => {
      await clock.sleep(Math.max(0, t0 + job.arrivalMs - clock.now()));
      // Jobs for the same cartridge wait for each other, as a backup server's allocation makes them.
      const before = workload.oneAtATime === true ? previous : (lastUse.get(job.barcode) ?? Promise.resolve());
      const mine = before.then(() => cycle(job));
      lastUse.set(job.barcode, mine);
      previous = mine;
      await mine;
    }));
    return { makespanMs: clock.now() - t0, wallMs: performance.now() - wall, failures, waits };
  } finally {
    await bench.close();
  }
}

/** LTO-8 cartridges in slots, and the profile's timings, as a client sees them through the API. */
async function survey(profile: string): Promise<{ media: string[]; drives: number; timing: ManagerBench['profile'] }> {
  const bench = await ManagerBench.open(profile);
  try {
    const media = await bench.call<MediumView[]>('GET', `/v1/media?library=${LIBRARY}&location=slot`);
    const detail = await bench.call<LibraryDetail>('GET', `/v1/libraries/${LIBRARY}`);
    const barcodes = media.filter((m) => m.mediaType === 'LTO-8' && m.barcode !== null).map((m) => m.barcode as string);
    const drives = detail.drives.filter((d) => d.mediaTypesWritten.includes('LTO-8')).length;
    return { media: barcodes, drives, timing: bench.profile };
  } finally {
    await bench.close();
  }
}

function workload(media: readonly string[], count: number, meanGapMs: number, maxUseMs: number): WorkJob[] {
  const random = new SeededRandom(SEED);
  let at = 0;
  return Array.from({ length: count }, () => {
    at += Math.round(-Math.log(1 - random.next()) * meanGapMs);
    return { arrivalMs: at, barcode: media[random.int(media.length)] as string, useMs: maxUseMs === 0 ? 0 : random.int(maxUseMs + 1), priority: random.int(31) - 15 };
  });
}

const perHour = (mounts: number, ms: number): number => (mounts * 3_600_000) / ms;
const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)} %`;
const minutes = (ms: number): string => `${(ms / 60_000).toFixed(1)} min`;

function waitsReport(report: Report, p: string, r: Run): void {
  const lowest = Math.min(...r.waits.map((w) => w.priority));
  const low = r.waits.filter((w) => w.priority === lowest);
  const longestLow = Math.max(...low.map((w) => w.waitMs));
  const longest = Math.max(...r.waits.map((w) => w.waitMs));
  const mean = r.waits.reduce((s, w) => s + w.waitMs, 0) / r.waits.length;
  report(`${p}: longest wait, priority ${lowest}`, `${minutes(longestLow)} over ${low.length} mounts (all priorities: longest ${minutes(longest)}, mean ${minutes(mean)}); aging bounds it: 31 steps of 1 min beyond the queue ahead, so none starves`);
}

export async function benchSchedulerManager(report: Report): Promise<void> {
  const PROFILE = 'library-500';
  const { media, drives, timing } = await survey(PROFILE);
  const { moveMs, driveLoadMs, driveUnloadMs, transports } = timing;
  const p = `scheduler ${PROFILE} (API → catalog → scheduler → driver → emulator)`;

  // Each mount costs the robot two moves (in, and out at its dismount); a drive is busy for its
  // whole cycle: unload (drive's host ejects), move out, move in, load, use.
  const robotRate = transports * (3_600_000 / (2 * moveMs));
  const driveCycleMs = driveUnloadMs + 2 * moveMs + driveLoadMs;
  const driveRate = drives * (3_600_000 / driveCycleMs);
  const physical = Math.min(robotRate, driveRate);
  report(`${p}: robot rate`, `transports × 3600 s / (2 moves × move time) = ${transports} × 3600 / (2 × ${moveMs / 1000} s) = ${robotRate.toFixed(0)} mounts/h`);
  report(`${p}: drive rate`, `LTO-8 drives × 3600 s / drive cycle (unload ${driveUnloadMs / 1000} + 2 × move ${moveMs / 1000} + load ${driveLoadMs / 1000} = ${driveCycleMs / 1000} s) = ${drives} × 3600 / ${driveCycleMs / 1000} = ${driveRate.toFixed(0)} mounts/h (the LTO-7 drives cannot write LTO-8)`);
  report(`${p}: physical bound`, `min(robot rate, drive rate) = ${physical.toFixed(0)} mounts/h (no use time: the robots are the limit)`);

  // (a) backup workload against the workload bound.
  const backup = workload(media, 500, 6_000, 60_000);
  const meanUseMs = backup.reduce((s, j) => s + j.useMs, 0) / backup.length;
  const workloadBound = Math.min(robotRate, drives * (3_600_000 / (driveCycleMs + meanUseMs)));
  const a = await run(PROFILE, { name: 'backup', jobs: backup });
  const ours = perHour(backup.length, a.makespanMs);
  report(`${p}: backup workload`, `${backup.length} mounts (seed ${SEED}), arrivals every 6 s on average (faster than any bound), use 0–60 s (mean ${(meanUseMs / 1000).toFixed(1)} s), priorities −15…+15, dismount home`);
  report(`${p}: backup workload bound`, `min(robot rate ${robotRate.toFixed(0)}, ${drives} drives × 3600 / (drive cycle ${driveCycleMs / 1000} s + mean use ${(meanUseMs / 1000).toFixed(1)} s)) = ${workloadBound.toFixed(0)} mounts/h`);
  report(`${p}: backup workload, manager`, `${ours.toFixed(0)} mounts/h = ${pct(ours, workloadBound)} of the workload bound, ${pct(ours, physical)} of the physical bound (${(a.makespanMs / 3_600_000).toFixed(2)} h virtual, ${a.failures} failed, robots busy ${pct(backup.length * 2 * moveMs, transports * a.makespanMs)}, ${(a.wallMs / 1000).toFixed(1)} s wall)`);
  report(`${p}: backup workload, before`, `${BEFORE.mountsPerHour} mounts/h, robots busy ${BEFORE.robotsBusy} % = ${pct(BEFORE.mountsPerHour, workloadBound)} of the workload bound (commit 1bd3f8b, Scheduler + ChangerRobot alone)`);
  waitsReport(report, `${p}: backup workload`, a);

  // (b) zero use time: only the robots limit.
  const robotBound = workload(media, 400, 5_000, 0);
  const b = await run(PROFILE, { name: 'robot-bound', jobs: robotBound });
  const oursB = perHour(robotBound.length, b.makespanMs);
  report(`${p}: robot-bound workload`, `${robotBound.length} mounts (seed ${SEED}), arrivals every 5 s on average, zero use time: a dismount follows each mount at once; both transports; no EXCHANGE MEDIUM on this profile`);
  report(`${p}: robot-bound workload, manager`, `${oursB.toFixed(0)} mounts/h = ${pct(oursB, physical)} of the physical bound ${physical.toFixed(0)} (${(b.makespanMs / 3_600_000).toFixed(2)} h virtual, ${b.failures} failed, robots busy ${pct(robotBound.length * 2 * moveMs, transports * b.makespanMs)}, ${(b.wallMs / 1000).toFixed(1)} s wall)`);
  waitsReport(report, `${p}: robot-bound workload`, b);

  // (d) first come first served, one at a time, through the same manager.
  const fcfs = await run(PROFILE, { name: 'one at a time', jobs: backup, oneAtATime: true });
  const theirs = perHour(backup.length, fcfs.makespanMs);
  report(`${p}: backup workload one at a time, first come first served`, `what an mtx script does (mount, use, dismount, next): ${theirs.toFixed(1)} mounts/h (${(fcfs.makespanMs / 3_600_000).toFixed(1)} h virtual, ${(fcfs.wallMs / 1000).toFixed(1)} s wall)`);
  report(`${p}: manager / one at a time`, `${(ours / theirs).toFixed(1)} ×`);
}
