/**
 * The scheduler's policy on a deterministic fake library (fakeLibrary.ts): which job gets the
 * robot and the drives, in which order, and when. Pure policy only — the same flows over the real
 * emulator are in test/integration/rsm/scheduler/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Scheduler, SchedulerError, type Job, type Outcome } from '../../../../src/rsm/scheduler/index.ts';
import { FakeLibrary, TIMINGS, type Timings } from './fakeLibrary.ts';

const MEDIA = ['A00001L8', 'A00002L8', 'A00003L8', 'A00004L8', 'A00005L8', 'A00006L8'];

function setup(options: { drives?: number; canExchange?: boolean; transports?: number; agingMs?: number; timings?: Timings } = {}) {
  const lib = new FakeLibrary(10, MEDIA);
  const robot = lib.robot({ canExchange: options.canExchange ?? false, transports: options.transports ?? 1, timings: options.timings ?? TIMINGS });
  const scheduler = new Scheduler({
    robot, host: lib.host(), clock: lib.clock, driveCount: options.drives ?? 2,
    ...(options.agingMs !== undefined ? { policy: { agingMs: options.agingMs } } : {}),
  });
  let nextId = 1;
  const base = (priority = 0, deadlineAt: number | null = null) => ({ id: nextId++, priority, submittedAt: lib.clock.now(), deadlineAt });
  const mount = (mediumId: string, drives: number[], priority = 0, deadlineAt: number | null = null): Job => ({ ...base(priority, deadlineAt), kind: 'mount', mediumId, drives });
  const dismount = (drive: number, priority = 0, placement: 'home' | 'nearest' = 'home'): Job => ({ ...base(priority), kind: 'dismount', drive, placement });
  return { lib, scheduler, mount, dismount, base };
}

describe('Scheduler: mounts and dismounts', () => {
  it('mounts a medium into the drive asked for and reports it ready after the load, robot free meanwhile', async () => {
    const { lib, scheduler, mount } = setup();
    const outcome = await lib.run(scheduler.submit(mount('A00001L8', [1])));
    assert.deepEqual(outcome, { state: 'completed', drive: 1 });
    assert.equal(lib.at({ type: 'drive', index: 1 }), 'A00001L8');
    assert.equal(lib.clock.now(), TIMINGS.moveMs + TIMINGS.loadMs);
    assert.deepEqual(lib.moved, ['A00001L8: slot 0 → drive 1']);
    lib.assertConserved(MEDIA);
  });

  it('dismounts to the home slot after the drive-side unload', async () => {
    const { lib, scheduler, mount, dismount } = setup();
    await lib.run(scheduler.submit(mount('A00003L8', [0])));
    const t0 = lib.clock.now();
    assert.deepEqual(await lib.run(scheduler.submit(dismount(0))), { state: 'completed' });
    assert.equal(lib.at({ type: 'slot', index: 2 }), 'A00003L8');
    assert.equal(lib.clock.now() - t0, TIMINGS.unloadMs + TIMINGS.moveMs);
    assert.deepEqual(lib.unloads.map((u) => u.drive), [0]);
  });

  it('completes at once a mount of a medium already in one of its drives', async () => {
    const { lib, scheduler, mount } = setup();
    lib.load('A00002L8', 1);
    assert.deepEqual(await lib.run(scheduler.submit(mount('A00002L8', [0, 1]))), { state: 'completed', drive: 1 });
    assert.equal(lib.commands.length, 0);
  });

  it('overlaps: the robot moves the next cartridge while the first drive loads', async () => {
    const { lib, scheduler, mount } = setup();
    const done: number[] = [];
    await lib.run(Promise.all([
      scheduler.submit(mount('A00001L8', [0])).then(() => done.push(lib.clock.now())),
      scheduler.submit(mount('A00002L8', [1])).then(() => done.push(lib.clock.now())),
    ]));
    assert.deepEqual(lib.commands.map((c) => [c.at, c.end]), [[0, 10_000], [10_000, 20_000]]);
    assert.deepEqual(done, [29_000, 39_000]);
  });

  it('overlaps unloads with other work: two dismounts unload together, then the robot takes each', async () => {
    const { lib, scheduler, mount, dismount } = setup();
    lib.load('A00001L8', 0);
    lib.load('A00002L8', 1);
    const t0 = lib.clock.now();
    await lib.run(Promise.all([scheduler.submit(dismount(0)), scheduler.submit(dismount(1)), scheduler.submit(mount('A00003L8', [0, 1]))]));
    assert.deepEqual(lib.unloads.map((u) => u.at - t0), [0, 0]);
    assert.deepEqual(lib.commands.map((c) => [c.at - t0, c.places.join(' → ')]), [
      [24_000, 'drive 0 → slot 0'],
      [34_000, 'drive 1 → slot 1'],
      [44_000, 'slot 2 → drive 0'],
    ]);
  });

  it('with more mounts waiting than dismounts queued, the robot refills the drive it emptied before emptying the next', async () => {
    const { lib, scheduler, mount, dismount } = setup();
    lib.load('A00001L8', 0);
    lib.load('A00002L8', 1);
    const t0 = lib.clock.now();
    const done: number[] = [];
    const outs = [scheduler.submit(dismount(0)), scheduler.submit(dismount(1))];
    const mounts = ['A00003L8', 'A00004L8'].map((m) => scheduler.submit(mount(m, [0, 1])).then((o) => done.push(lib.clock.now() - t0) && o));
    const third = mount('A00005L8', [0, 1]);
    const left = scheduler.submit(third);
    await lib.run(Promise.all([...outs, ...mounts]));
    assert.deepEqual(lib.commands.map((c) => [c.at - t0, c.places.join(' → ')]), [
      [24_000, 'drive 0 → slot 0'],
      [34_000, 'slot 2 → drive 0'],
      [44_000, 'drive 1 → slot 1'],
      [54_000, 'slot 3 → drive 1'],
    ]);
    assert.deepEqual(done, [63_000, 83_000], 'drive 0 mounted 10 s sooner than after both dismounts, drive 1 no later');
    assert.equal(scheduler.cancel(third.id), true);
    assert.deepEqual(await left, { state: 'cancelled' });
  });

  it('refuses a dismount of an empty drive and a mount of a medium the library does not hold', async () => {
    const { lib, scheduler, mount, dismount } = setup();
    const empty = await lib.run(scheduler.submit(dismount(1)));
    assert.equal(empty.state, 'failed');
    assert.equal(empty.state === 'failed' && (empty.error as SchedulerError).code, 'SOURCE_EMPTY');
    const absent = await lib.run(scheduler.submit(mount('ZZZ999L8', [0])));
    assert.equal(absent.state === 'failed' && (absent.error as SchedulerError).code, 'MEDIUM_NOT_IN_LIBRARY');
  });

  it('rejects malformed jobs with INVALID_JOB and a reason', async () => {
    const { scheduler, mount } = setup();
    await assert.rejects(scheduler.submit({ ...mount('A00001L8', [0]), priority: 16 }), (e: unknown) => e instanceof SchedulerError && e.code === 'INVALID_JOB' && /−15|-15/.test(e.message));
    await assert.rejects(scheduler.submit(mount('A00001L8', [])), /no drive can take/);
    await assert.rejects(scheduler.submit(mount('A00001L8', [7])), /drive 7 is not one of drives 0 … 1/);
  });
});

describe('Scheduler: order', () => {
  /** Keeps the robot busy with a first mount so the jobs submitted next queue up behind it. */
  async function queuedBehindBusyRobot(s: ReturnType<typeof setup>, jobs: Job[]): Promise<Outcome[]> {
    const first = s.scheduler.submit(s.mount('A00006L8', [2]));
    await s.lib.clock.advance(0);
    const all = Promise.all(jobs.map((j) => s.scheduler.submit(j)));
    await s.lib.run(first);
    return s.lib.run(all);
  }

  it('serves dismounts before mounts whatever their priorities (NTMS)', async () => {
    // The drive unloads faster than the robot's first move, so both are ready when the robot is free.
    const s = setup({ drives: 3, timings: { ...TIMINGS, unloadMs: 5000 } });
    s.lib.load('A00005L8', 1);
    await queuedBehindBusyRobot(s, [s.mount('A00001L8', [0], 15), s.dismount(1, -15)]);
    assert.deepEqual(s.lib.commands.map((c) => c.places.join(' → ')), ['slot 5 → drive 2', 'drive 1 → slot 4', 'slot 0 → drive 0']);
  });

  it('serves mounts by priority, then by age', async () => {
    const s = setup({ drives: 6 });
    const jobs = [s.mount('A00001L8', [0], -3), s.mount('A00002L8', [1], 7), s.mount('A00003L8', [3], 0), s.mount('A00004L8', [4], 7)];
    await queuedBehindBusyRobot(s, jobs);
    assert.deepEqual(s.lib.commands.slice(1).map((c) => c.media[0]), ['A00002L8', 'A00004L8', 'A00003L8', 'A00001L8']);
  });

  it('ages a waiting job one step per agingMs: a −15 mount 31 steps old goes before a fresh +15 one', async () => {
    const s = setup({ drives: 3, agingMs: 1000 });
    const low = { ...s.mount('A00001L8', [0], -15), submittedAt: -31_000 };
    const high = s.mount('A00002L8', [1], 15);
    await queuedBehindBusyRobot(s, [high, low]);
    assert.deepEqual(s.lib.commands.slice(1).map((c) => c.media[0]), ['A00001L8', 'A00002L8']);
    const s2 = setup({ drives: 3, agingMs: 1000 });
    const lowYounger = { ...s2.mount('A00001L8', [0], -15), submittedAt: -29_000 };
    await queuedBehindBusyRobot(s2, [s2.mount('A00002L8', [1], 15), lowYounger]);
    assert.deepEqual(s2.lib.commands.slice(1).map((c) => c.media[0]), ['A00002L8', 'A00001L8']);
  });

  it('lists pending jobs in the order it will serve them, with aged priorities', async () => {
    const s = setup({ drives: 3, agingMs: 1000 });
    const first = s.scheduler.submit(s.mount('A00006L8', [2]));
    await s.lib.clock.advance(0);
    const a = s.scheduler.submit({ ...s.mount('A00001L8', [0], -15), submittedAt: -5_000 });
    const b = s.scheduler.submit(s.mount('A00002L8', [1], 3));
    await s.lib.clock.advance(0);
    assert.deepEqual(s.scheduler.pending().map((p) => [p.id, p.effectivePriority, p.state]), [[1, 0, 'in-progress'], [3, 3, 'queued'], [2, -10, 'queued']]);
    await s.lib.run(Promise.all([first, a, b]));
    assert.deepEqual(s.scheduler.pending(), []);
  });
});

describe('Scheduler: drives', () => {
  it('waits with a mount for a full drive until its dismount, then mounts (two moves without EXCHANGE)', async () => {
    const { lib, scheduler, mount, dismount } = setup();
    lib.load('A00005L8', 0);
    const mounted = scheduler.submit(mount('A00001L8', [0]));
    await lib.clock.advance(60_000);
    assert.equal(lib.commands.length, 0, 'nothing moves while drive 0 is in use');
    assert.ok(lib.states.includes('1 waiting'));
    const t0 = lib.clock.now();
    await lib.run(scheduler.submit(dismount(0)));
    assert.deepEqual(await lib.run(mounted), { state: 'completed', drive: 0 });
    assert.deepEqual(lib.commands.map((c) => [c.kind, c.at - t0]), [['move', 24_000], ['move', 34_000]]);
  });

  it('swaps with ONE EXCHANGE MEDIUM when a dismount and a mount of the same drive are both ready', async () => {
    const { lib, scheduler, mount, dismount } = setup({ canExchange: true });
    lib.load('A00005L8', 0);
    const [out, into] = await lib.run(Promise.all([scheduler.submit(dismount(0)), scheduler.submit(mount('A00001L8', [0]))]));
    assert.deepEqual(out, { state: 'completed' });
    assert.deepEqual(into, { state: 'completed', drive: 0 });
    assert.deepEqual(lib.commands.map((c) => [c.kind, c.places.join(', ')]), [['exchange', 'slot 0, drive 0, slot 4']]);
    assert.deepEqual(lib.moved, ['A00005L8: drive 0 → slot 4', 'A00001L8: slot 0 → drive 0']);
    assert.equal(lib.clock.now(), TIMINGS.unloadMs + TIMINGS.exchangeMs + TIMINGS.loadMs);
  });

  it('mounts "any drive" into an empty one, the least used first, keeping the caller\'s order on ties', async () => {
    const { lib, scheduler, mount, dismount } = setup({ drives: 3 });
    lib.load('A00004L8', 1);
    assert.deepEqual(await lib.run(scheduler.submit(mount('A00001L8', [2, 0, 1]))), { state: 'completed', drive: 2 });
    await lib.run(scheduler.submit(dismount(2)));
    assert.deepEqual(await lib.run(scheduler.submit(mount('A00002L8', [2, 0, 1]))), { state: 'completed', drive: 0 });
    assert.deepEqual(await lib.run(scheduler.submit(mount('A00003L8', [0, 1, 2]))), { state: 'completed', drive: 2 });
  });

  it('sends a dismounted medium to the nearest free slot by policy', async () => {
    const { lib, scheduler, mount, dismount } = setup();
    await lib.run(scheduler.submit(mount('A00004L8', [0])));
    await lib.run(scheduler.submit(dismount(0, 0, 'nearest')));
    assert.equal(lib.at({ type: 'slot', index: 3 }), 'A00004L8'); // its home is the first free slot too
    await lib.run(scheduler.submit(mount('A00001L8', [0])));
    await lib.run(scheduler.submit(dismount(0, 0, 'nearest')));
    assert.equal(lib.at({ type: 'slot', index: 0 }), 'A00001L8');
    lib.assertConserved(MEDIA);
  });

  it('lets a mount of a medium whose drive is being dismounted wait for that dismount, then mount it again', async () => {
    const { lib, scheduler, mount, dismount } = setup();
    lib.load('A00002L8', 0);
    const [out, again] = await lib.run(Promise.all([scheduler.submit(dismount(0)), scheduler.submit(mount('A00002L8', [0, 1]))]));
    assert.deepEqual(out, { state: 'completed' });
    assert.deepEqual(again, { state: 'completed', drive: 0 });
    assert.deepEqual(lib.moved, ['A00002L8: drive 0 → slot 1', 'A00002L8: slot 1 → drive 0']);
  });

  it('answers a second mount of a medium on its way into a drive with that drive, once it is loaded', async () => {
    const { lib, scheduler, mount } = setup();
    const [first, second] = await lib.run(Promise.all([scheduler.submit(mount('A00003L8', [0])), scheduler.submit(mount('A00003L8', [0, 1]))]));
    assert.deepEqual(first, { state: 'completed', drive: 0 });
    assert.deepEqual(second, { state: 'completed', drive: 0 });
    assert.deepEqual(lib.moved, ['A00003L8: slot 2 → drive 0']);
  });

  it('gives an empty drive promised to a lower-priority mount to a higher-priority one that comes later', async () => {
    const { lib, scheduler, mount, base } = setup();
    lib.load('A00005L8', 1);
    const busy = scheduler.submit({ ...base(), kind: 'move', from: { type: 'slot', index: 5 }, to: { type: 'slot', index: 9 } });
    await lib.clock.advance(0);
    const low = scheduler.submit(mount('A00001L8', [0], -5, 100_000));
    await lib.clock.advance(1_000);
    assert.equal(scheduler.pending().find((p) => p.id === 2)?.drive, 0, 'drive 0 is promised to the low one');
    const high = scheduler.submit(mount('A00002L8', [0], 5));
    await lib.run(busy);
    assert.deepEqual(await lib.run(high), { state: 'completed', drive: 0 });
    assert.deepEqual(await lib.run(low), { state: 'timed-out' }, 'drive 0 stays in use: the low one waits until its deadline');
  });

  it('drives two transports at once when the library has two robots', async () => {
    const lib = new FakeLibrary(10, MEDIA);
    const scheduler = new Scheduler({ robot: lib.robot({ transports: 2 }), host: lib.host(), clock: lib.clock, driveCount: 2 });
    await lib.run(Promise.all([
      scheduler.submit({ id: 1, kind: 'mount', mediumId: 'A00001L8', drives: [0, 1], priority: 0, submittedAt: 0, deadlineAt: null }),
      scheduler.submit({ id: 2, kind: 'mount', mediumId: 'A00002L8', drives: [0, 1], priority: 0, submittedAt: 0, deadlineAt: null }),
    ]));
    assert.deepEqual(lib.commands.map((c) => [c.transport, c.at]).sort(), [[0, 0], [1, 0]]);
  });
});
