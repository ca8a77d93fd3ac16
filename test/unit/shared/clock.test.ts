import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScaledClock, VirtualClock } from '../../../src/shared/clock.ts';

describe('VirtualClock', () => {
  it('fires sleeps in due order when advanced, and time lands exactly on the target', async () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    void clock.sleep(300).then(() => fired.push(`b@${clock.now()}`));
    void clock.sleep(100).then(() => fired.push(`a@${clock.now()}`));
    void clock.sleep(300).then(() => fired.push(`c@${clock.now()}`));
    await clock.advance(200);
    assert.deepEqual(fired, ['a@100']);
    assert.equal(clock.now(), 200);
    await clock.advance(100);
    assert.deepEqual(fired, ['a@100', 'b@300', 'c@300']);
  });

  it('in auto-advance mode jumps to the next timer whenever everything waits', async () => {
    const clock = new VirtualClock({ autoAdvance: true, start: 1000 });
    await clock.sleep(12_000);
    assert.equal(clock.now(), 13_000);
    await Promise.all([clock.sleep(5), clock.sleep(7)]);
    assert.equal(clock.now(), 13_007);
  });

  it('rejects an aborted sleep with the signal reason and forgets the timer', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const slept = clock.sleep(1000, controller.signal);
    controller.abort(new Error('power lost'));
    await assert.rejects(slept, /power lost/);
    assert.equal(clock.pendingTimers, 0);
  });

  it('runUntilIdle fires chained timers', async () => {
    const clock = new VirtualClock();
    let done = false;
    void (async () => {
      await clock.sleep(10);
      await clock.sleep(20);
      done = true;
    })();
    await clock.runUntilIdle();
    assert.ok(done);
    assert.equal(clock.now(), 30);
  });
});

describe('ScaledClock', () => {
  it('runs faster than real time', async () => {
    const clock = new ScaledClock(1000);
    const t0 = clock.now();
    const real = performance.now();
    await clock.sleep(2000);
    assert.ok(performance.now() - real < 500);
    assert.ok(clock.now() - t0 >= 1500);
  });

  it('refuses a non-positive factor', () => {
    assert.throws(() => new ScaledClock(0), RangeError);
  });
});
