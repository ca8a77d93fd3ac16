// The event bus numbers events one by one, stamps them with the manager's clock, keeps the recent
// ones for reconnecting clients, and survives a listener that throws.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManagerEvent } from '../../../../src/rsm/events.ts';
import { EventBus } from '../../../../src/rsm/manager/eventBus.ts';

test('numbered, stamped, replayable, and robust to a failing listener', () => {
  let now = 1000;
  const errors: unknown[] = [];
  const bus = new EventBus({ now: () => now }, (e) => errors.push(e), 3);
  const seen: ManagerEvent[] = [];
  bus.subscribe(() => {
    throw new Error('broken client');
  });
  const unsubscribe = bus.subscribe((e) => seen.push(e));
  for (let i = 0; i < 5; i++) {
    bus.publish({ type: 'library', library: 'lib0', state: 'reconciled', detail: String(i) });
    now += 10;
  }
  assert.deepEqual(seen.map((e) => [e.seq, e.at]), [[1, 1000], [2, 1010], [3, 1020], [4, 1030], [5, 1040]]);
  assert.equal(errors.length, 5);
  assert.deepEqual(bus.since(2).map((e) => e.seq), [3, 4, 5]);
  assert.deepEqual(bus.since(0).map((e) => e.seq), [3, 4, 5], 'only the last three are kept');
  unsubscribe();
  bus.publish({ type: 'library', library: 'lib0', state: 'online', detail: null });
  assert.equal(seen.length, 5);
  assert.equal(bus.lastSeq, 6);
});
