// Heavy requests take turns in slices of the event loop (src/api/loopSlices.ts): first come first
// served, and once a slice is spent the next turn waits until timers have run.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { LoopSlices } from '../../../src/api/loopSlices.ts';

/** Synchronous work of `ms`, as a SQLite read is. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Three turns taken at once, each working `workMs`; the first sets a timer. What ran, in order. */
async function threeTurns(workMs: number): Promise<string[]> {
  const slices = new LoopSlices();
  const happened: string[] = [];
  const turns = [1, 2, 3].map(async (n) => {
    await slices.turn();
    if (n === 1) setTimeout(() => happened.push('timer'), 0);
    happened.push(`turn ${n}`);
    if (workMs > 0) busy(workMs);
  });
  await Promise.all(turns);
  await new Promise((resolve) => setTimeout(resolve, 5));
  return happened;
}

test('turns come in order, and a timer due after a slice of work fires before the next turn', async () => {
  assert.deepEqual(await threeTurns(6), ['turn 1', 'timer', 'turn 2', 'turn 3']);
});

test('light turns all run in the same slice, before a timer', async () => {
  assert.deepEqual(await threeTurns(0), ['turn 1', 'turn 2', 'turn 3', 'timer']);
});
