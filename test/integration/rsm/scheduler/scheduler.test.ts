/**
 * The scheduler driving the real stack (virtual library on a virtual clock, loopback, SMC
 * miniclass, class driver, ChangerRobot): mount/dismount storms, EXCHANGE MEDIUM, cancellation
 * mid-move and a jammed robot — and after each, where every cartridge is, read from the library:
 * each exactly once, and where the scheduler's host believes it is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job, Outcome } from '../../../../src/rsm/scheduler/index.ts';
import { canWrite } from '../../../../src/storage/index.ts';
import { openSchedulerStack, type SchedulerStack } from './stack.ts';

/** Every barcode once in the library, and the host agreeing with the library place by place. */
async function assertConserved(stack: SchedulerStack, before: Map<string, string>): Promise<void> {
  const after = await stack.truth();
  assert.deepEqual([...after.values()].sort(), [...before.values()].sort(), 'the same cartridges, each exactly once');
  assert.deepEqual(new Map([...stack.host.contents()].sort()), new Map([...after].sort()), 'the host knows where each one is');
}

describe('Scheduler over the virtual library', () => {
  it('library-500: 24 backup jobs on the 8 LTO-8 drives, two robots, drive loads beside the robot — every cartridge back home', async () => {
    const stack = await openSchedulerStack('library-500');
    try {
      const before = await stack.truth();
      const lto8 = stack.driveTypes.flatMap((type, d) => (type !== undefined && canWrite(type, 'LTO-8') ? [d] : []));
      assert.deepEqual(lto8, [0, 1, 2, 3, 4, 5, 6, 7], 'the 4 LTO-7 drives cannot write LTO-8 media');
      assert.equal(stack.robot.transports, 2);
      const media = [...before.entries()].filter(([place, barcode]) => place.startsWith('slot') && barcode.endsWith('L8')).slice(0, 24);
      let id = 0;
      const t0 = stack.clock.now();
      const backup = async ([, barcode]: [string, string], n: number): Promise<Outcome[]> => {
        await stack.clock.sleep(n * 5_000);
        const job = () => ({ id: id++, priority: 0, submittedAt: stack.clock.now(), deadlineAt: null });
        const mounted = await stack.scheduler.submit({ ...job(), kind: 'mount', mediumId: barcode, drives: lto8 });
        if (mounted.state !== 'completed') return [mounted];
        await stack.clock.sleep(120_000);
        return [mounted, await stack.scheduler.submit({ ...job(), kind: 'dismount', drive: mounted.drive as number, placement: 'home' })];
      };
      const outcomes = await Promise.all(media.map(backup));
      const elapsed = stack.clock.now() - t0;
      for (const o of outcomes) {
        assert.equal(o[0]?.state, 'completed', JSON.stringify(o));
        assert.deepEqual(o[1], { state: 'completed' });
      }
      assert.deepEqual(await stack.truth(), before, 'every cartridge back in its home slot');
      await assertConserved(stack, before);
      // One at a time each job takes move 10 s + load 19 s + use 120 s + unload 24 s + move 10 s.
      assert.ok(elapsed < (24 * 183_000) / 4, `elapsed ${elapsed} ms: far less than a quarter of one-at-a-time`);
    } finally {
      await stack.close();
    }
  });

  it('enterprise-10000: a dismount and a mount of the same drive become one EXCHANGE MEDIUM', async () => {
    const stack = await openSchedulerStack('enterprise-10000');
    try {
      const before = await stack.truth();
      assert.equal(stack.robot.canExchange, true);
      const job = (n: number) => ({ id: n, priority: 0, submittedAt: stack.clock.now(), deadlineAt: null });
      assert.deepEqual(await stack.scheduler.submit({ ...job(1), kind: 'mount', mediumId: 'E00001L9', drives: [0] }), { state: 'completed', drive: 0 });
      const [out, into] = await Promise.all([
        stack.scheduler.submit({ ...job(2), kind: 'dismount', drive: 0, placement: 'home' }),
        stack.scheduler.submit({ ...job(3), kind: 'mount', mediumId: 'E00002L9', drives: [0] }),
      ]);
      assert.deepEqual(out, { state: 'completed' });
      assert.deepEqual(into, { state: 'completed', drive: 0 });
      assert.deepEqual(stack.commands, ['move slot 0 → drive 0', 'exchange slot 1 → drive 0 → slot 0']);
      const now = await stack.truth();
      assert.equal(now.get('drive 0'), 'E00002L9');
      assert.equal(now.get('slot 0'), 'E00001L9');
      await assertConserved(stack, before);
    } finally {
      await stack.close();
    }
  });

  it('library-24: a mount cancelled mid-move stops once the cartridge is in the drive — nothing left in the picker', async () => {
    const stack = await openSchedulerStack('library-24');
    try {
      const before = await stack.truth();
      const mount: Job = { id: 1, kind: 'mount', mediumId: 'A00001L8', drives: [0], priority: 0, submittedAt: stack.clock.now(), deadlineAt: null };
      const outcome = stack.scheduler.submit(mount);
      await stack.clock.sleep(4_000);
      assert.equal(stack.scheduler.cancel(1), true);
      assert.deepEqual(await outcome, { state: 'cancelled' });
      const now = await stack.truth();
      assert.equal(now.get('drive 0'), 'A00001L8');
      assert.equal(now.get('transport 0'), undefined);
      await assertConserved(stack, before);
    } finally {
      await stack.close();
    }
  });

  it('library-24: a robot jam fails that job with the library\'s error; the host re-reads the library; the picker is cleared and the next job runs', async () => {
    const stack = await openSchedulerStack('library-24');
    try {
      const before = await stack.truth();
      stack.library.faults.inject({ kind: 'robot-jam' });
      const job = (n: number) => ({ id: n, priority: 0, submittedAt: stack.clock.now(), deadlineAt: null });
      const jammed = await stack.scheduler.submit({ ...job(1), kind: 'mount', mediumId: 'A00001L8', drives: [0] });
      assert.equal(jammed.state, 'failed');
      const now = await stack.truth();
      assert.equal(now.get('transport 0'), 'A00001L8', 'the jam left the cartridge in the picker');
      assert.equal((await stack.host.whereIs('A00001L8'))?.type, 'transport', 'and the host knows it');
      await assertConserved(stack, before);
      // Recovery as the manager does it: the cartridge in the picker goes back to its slot first.
      const cleared = await stack.scheduler.submit({ ...job(2), kind: 'move', from: { type: 'transport', index: 0 }, to: { type: 'slot', index: 0 } });
      assert.deepEqual(cleared, { state: 'completed' });
      const next = await stack.scheduler.submit({ ...job(3), kind: 'mount', mediumId: 'A00002L8', drives: [0] });
      assert.deepEqual(next, { state: 'completed', drive: 0 });
      await assertConserved(stack, before);
    } finally {
      await stack.close();
    }
  });
});
