/**
 * How jobs end on the fake library (pure policy; see fakeLibrary.ts): cancellation before and
 * during work, deadlines, exclusive jobs, cleaning, a failed robot command, closing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Scheduler, SchedulerError, type Job } from '../../../../src/rsm/scheduler/index.ts';
import { FakeLibrary, TIMINGS, type FakeRobotOptions } from './fakeLibrary.ts';

const MEDIA = ['A00001L8', 'A00002L8', 'A00003L8', 'CLN001CU'];

function setup(failOn?: FakeRobotOptions['failOn']) {
  const lib = new FakeLibrary(8, MEDIA);
  const scheduler = new Scheduler({ robot: lib.robot(failOn === undefined ? {} : { failOn }), host: lib.host(), clock: lib.clock, driveCount: 2 });
  let nextId = 1;
  const base = (deadlineAt: number | null = null) => ({ id: nextId++, priority: 0, submittedAt: lib.clock.now(), deadlineAt });
  const mount = (mediumId: string, drives: number[], deadlineAt: number | null = null): Job => ({ ...base(deadlineAt), kind: 'mount', mediumId, drives });
  const dismount = (drive: number): Job => ({ ...base(), kind: 'dismount', drive, placement: 'home' });
  return { lib, scheduler, mount, dismount, base };
}

describe('Scheduler: cancellation and deadlines', () => {
  it('cancels a queued job at once, without moving anything', async () => {
    const { lib, scheduler, mount } = setup();
    const first = scheduler.submit(mount('A00001L8', [0]));
    const second = scheduler.submit(mount('A00002L8', [1]));
    await lib.clock.advance(0);
    assert.equal(scheduler.cancel(2), true);
    assert.deepEqual(await second, { state: 'cancelled' });
    await lib.run(first);
    assert.deepEqual(lib.commands.map((c) => c.media[0]), ['A00001L8']);
    assert.equal(scheduler.cancel(2), false, 'a finished job cannot be cancelled again');
    assert.equal(scheduler.cancel(99), false);
  });

  it('lets the robot command under way finish, then stops: the cartridge is in the drive, never in the picker', async () => {
    const { lib, scheduler, mount } = setup();
    const mounting = scheduler.submit(mount('A00001L8', [0]));
    await lib.clock.advance(5_000); // mid-move
    assert.equal(scheduler.cancel(1), true);
    assert.deepEqual(await lib.run(mounting), { state: 'cancelled' });
    assert.equal(lib.clock.now(), TIMINGS.moveMs, 'stops when the move is over, not after the load');
    assert.equal(lib.at({ type: 'drive', index: 0 }), 'A00001L8');
    assert.deepEqual(lib.moved, ['A00001L8: slot 0 → drive 0']);
    lib.assertConserved(MEDIA);
  });

  it('times a job out at its deadline when it is still waiting for a drive', async () => {
    const { lib, scheduler, mount } = setup();
    lib.load('A00003L8', 0);
    const outcome = await lib.run(scheduler.submit(mount('A00001L8', [0], 30_000)));
    assert.deepEqual(outcome, { state: 'timed-out' });
    assert.equal(lib.clock.now(), 30_000);
    assert.equal(lib.commands.length, 0);
  });

  it('times out a mount whose drive has not become ready by the deadline, leaving the cartridge in the drive', async () => {
    const { lib, scheduler, mount } = setup();
    const outcome = await lib.run(scheduler.submit(mount('A00001L8', [1], 15_000)));
    assert.deepEqual(outcome, { state: 'timed-out' });
    assert.equal(lib.clock.now(), TIMINGS.moveMs + TIMINGS.loadMs, 'outcome when the drive step is over');
    assert.equal(lib.at({ type: 'drive', index: 1 }), 'A00001L8');
  });

  it('cancels a dismount during the drive-side unload: the cartridge stays in the ejected drive', async () => {
    const { lib, scheduler, mount, dismount } = setup();
    await lib.run(scheduler.submit(mount('A00002L8', [0])));
    const out = scheduler.submit(dismount(0));
    await lib.clock.advance(1_000);
    assert.equal(scheduler.cancel(2), true);
    assert.deepEqual(await lib.run(out), { state: 'cancelled' });
    assert.equal(lib.at({ type: 'drive', index: 0 }), 'A00002L8');
    assert.equal(lib.commands.length, 1);
  });
});

describe('Scheduler: exclusive work, cleaning, failures, closing', () => {
  it('starts exclusive work only on an idle robot and starts no move while it runs', async () => {
    const { lib, scheduler, mount, base } = setup();
    const log: string[] = [];
    const first = scheduler.submit(mount('A00001L8', [0]));
    await lib.clock.advance(0);
    const inventory = scheduler.submit({
      ...base(), kind: 'exclusive',
      run: async () => {
        log.push(`inventory starts at ${lib.clock.now()}`);
        await lib.clock.sleep(60_000);
        log.push(`inventory ends at ${lib.clock.now()}`);
      },
    });
    const second = scheduler.submit(mount('A00002L8', [1]));
    await lib.run(Promise.all([first, inventory, second]));
    assert.deepEqual(log, ['inventory starts at 10000', 'inventory ends at 70000']);
    assert.deepEqual(lib.commands.map((c) => [c.media[0], c.at]), [['A00001L8', 0], ['A00002L8', 70_000]]);
  });

  it('reports an exclusive job that throws as failed with its error', async () => {
    const { lib, scheduler, base } = setup();
    const outcome = await lib.run(scheduler.submit({ ...base(), kind: 'exclusive', run: async () => { throw new Error('door jammed'); } }));
    assert.equal(outcome.state, 'failed');
    assert.equal(outcome.state === 'failed' && (outcome.error as Error).message, 'door jammed');
  });

  it('cleans a drive: the cleaner goes in, cleans, and comes back home; cancel cannot strand it', async () => {
    const { lib, scheduler, base } = setup();
    const cleaning = scheduler.submit({ ...base(), kind: 'clean', drive: 1, cleanerId: 'CLN001CU' });
    await lib.clock.advance(12_000);
    assert.equal(scheduler.cancel(1), false, 'the cleaner is in the drive: it must come back first');
    assert.deepEqual(await lib.run(cleaning), { state: 'completed', drive: 1 });
    assert.deepEqual(lib.moved, ['CLN001CU: slot 3 → drive 1', 'CLN001CU: drive 1 → slot 3']);
    assert.deepEqual(lib.unloads, [], 'a cleaner ejects itself');
  });

  it('fails the job of a failed robot command and lets the host reconcile before anything else moves', async () => {
    const { lib, scheduler, mount } = setup((from) => from.type === 'slot' && from.index === 0);
    const [bad, good] = await lib.run(Promise.all([scheduler.submit(mount('A00001L8', [0])), scheduler.submit(mount('A00002L8', [1]))]));
    assert.equal(bad.state, 'failed');
    assert.match(bad.state === 'failed' ? (bad.error as Error).message : '', /jam moving slot 0 → drive 0/);
    assert.deepEqual(good, { state: 'completed', drive: 1 });
    assert.deepEqual(lib.moved, ['failed slot 0 → drive 0: jam moving slot 0 → drive 0', 'A00002L8: slot 1 → drive 1']);
  });

  it('closes: queued jobs fail with SCHEDULER_CLOSED, the move under way finishes, later submits fail', async () => {
    const { lib, scheduler, mount } = setup();
    const first = scheduler.submit(mount('A00001L8', [0]));
    const second = scheduler.submit(mount('A00002L8', [1]));
    await lib.clock.advance(1_000);
    const closed = scheduler.close();
    const [a, b] = await lib.run(Promise.all([first, second]));
    await lib.run(closed);
    for (const outcome of [a, b]) assert.equal(outcome.state === 'failed' && (outcome.error as SchedulerError).code, 'SCHEDULER_CLOSED');
    assert.equal(lib.at({ type: 'drive', index: 0 }), 'A00001L8');
    const late = await scheduler.submit(mount('A00003L8', [1]));
    assert.equal(late.state === 'failed' && (late.error as SchedulerError).code, 'SCHEDULER_CLOSED');
    lib.assertConserved(MEDIA);
  });
});
