import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventHub } from '../../../src/api/events/eventHub.ts';
import { eventFrame } from '../../../src/api/events/sseStream.ts';
import type { ManagerEvent } from '../../../src/rsm/events.ts';
import { EventBus } from '../../../src/rsm/manager/eventBus.ts';

function busWithHub(capacity: number): { bus: EventBus; hub: EventHub; publish(n: number): void } {
  const bus = new EventBus({ now: () => 1_700_000_000_000 });
  const hub = new EventHub({ subscribe: (listener) => bus.subscribe(listener) }, capacity);
  const publish = (n: number): void => {
    for (let i = 0; i < n; i++) bus.publish({ type: 'library', library: 'lib', state: 'online', detail: null });
  };
  return { bus, hub, publish };
}

test('replay after a seq still buffered: exactly the later events; then live events follow without a gap', () => {
  const { hub, publish } = busWithHub(10);
  publish(6);
  const live: number[] = [];
  const { replay, detach } = hub.attach((e) => live.push(e.seq), 4);
  assert.deepEqual([replay.complete, replay.events.map((e) => e.seq)], [true, [5, 6]]);
  publish(2);
  assert.deepEqual(live, [7, 8]);
  assert.equal(hub.clientCount, 1);
  detach();
  publish(1);
  assert.deepEqual(live, [7, 8]);
  assert.equal(hub.clientCount, 0);
  // Up to date: nothing to replay, nothing missed.
  assert.deepEqual(hub.attach(() => undefined, 9).replay, { events: [], complete: true });
});

test('a seq older than the buffer, or ahead of it (an earlier process), is incomplete: the whole buffer is offered', () => {
  const { hub, publish } = busWithHub(4);
  publish(20);
  const old = hub.attach(() => undefined, 2).replay;
  assert.equal(old.complete, false);
  assert.equal(old.events.at(-1)?.seq, 20);
  assert.ok(old.events.length >= 4 && old.events.length <= 5, 'bounded by the capacity (trimmed in batches)');
  assert.equal(hub.attach(() => undefined, 50).replay.complete, false);
  // Right at the edge of the buffer is still complete.
  const oldest = old.events[0]?.seq ?? 0;
  assert.equal(hub.attach(() => undefined, oldest - 1).replay.complete, true);
});

test('observers (metrics) see every event but are not clients; a throwing client does not starve the others', () => {
  const { hub, publish } = busWithHub(10);
  const seen: number[] = [];
  hub.observe((e) => seen.push(e.seq));
  hub.attach(() => {
    throw new Error('broken stream');
  }, undefined);
  const other: number[] = [];
  hub.attach((e) => other.push(e.seq), undefined);
  publish(2);
  assert.deepEqual([seen, other, hub.clientCount], [[1, 2], [1, 2], 2]);
});

test('an SSE frame: id, event, one data line of JSON, blank line', () => {
  const event: ManagerEvent = { seq: 42, at: 5, library: 'lib', type: 'element', element: 'slot 3', state: 'full\nsneaky' };
  assert.equal(eventFrame(event), 'id: 42\nevent: element\ndata: {"seq":42,"at":5,"library":"lib","type":"element","element":"slot 3","state":"full\\nsneaky"}\n\n');
});
