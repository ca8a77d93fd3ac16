// A request's age and deadline on the manager's clock: wall time that passes while the manager's
// (virtual) clock stands still is not time waited, and a request found after a restart keeps the
// age its wall stamps give it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestTimes } from '../../../../../src/rsm/manager/dispatch/requestTimes.ts';
import { VirtualClock } from '../../../../../src/shared/clock.ts';

const WALL_STAMP = 1_765_000_000_000;

test('a dispatched request ages and times out on the manager clock only, whatever the wall clock does', async () => {
  const clock = new VirtualClock({ start: 50_000 });
  let wall = WALL_STAMP + 40;
  const times = new RequestTimes(clock, () => wall);
  const request = { id: 7, submittedAt: WALL_STAMP, deadlineAt: WALL_STAMP + 60_000 };
  times.pin(request);
  wall += 10 * 60_000; // ten minutes of wall time (an operator's answer) while the virtual clock stands still
  assert.deepEqual(times.of(request), { submittedAt: 50_000, deadlineAt: 110_000 });
  await clock.advance(30_000);
  times.pin(request); // dispatched again after the operator answered: its submission stays where it was
  assert.deepEqual(times.of(request), { submittedAt: 50_000, deadlineAt: 110_000 });
});

test('a request found after a restart has waited what its wall stamp says; a forgotten one too', () => {
  const clock = new VirtualClock({ start: 1_000_000 });
  const times = new RequestTimes(clock, () => WALL_STAMP + 90_000);
  const resumed = { id: 8, submittedAt: WALL_STAMP, deadlineAt: WALL_STAMP + 120_000 };
  assert.deepEqual(times.of(resumed), { submittedAt: 910_000, deadlineAt: 1_030_000 });
  times.pin({ id: 9 });
  times.forget(9);
  assert.equal(times.size, 0);
  assert.deepEqual(times.of({ id: 9, submittedAt: WALL_STAMP + 90_000, deadlineAt: null }), { submittedAt: 1_000_000, deadlineAt: null });
});
