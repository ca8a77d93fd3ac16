/**
 * The state writer's flush() when a change turns out to have nothing to write: it must return.
 * A drain that finished before its promise was even stored once left flush() awaiting a settled
 * promise forever — a spin of microtasks that hung every API test that saved such a change.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StateWriter, type StateEncoding, type StateStore } from '../../../src/emulator/persistence.ts';

function recordingStore(): StateStore & { readonly appended: string[] } {
  const appended: string[] = [];
  return {
    appended,
    location: 'memory',
    load: () => Promise.resolve(null),
    continueJournal: () => undefined,
    journalBytes: 0,
    snapshotBytes: 1_000_000,
    saveSnapshot: () => Promise.resolve(),
    append: (change) => {
      appended.push(change);
      return Promise.resolve();
    },
    release: () => Promise.resolve(),
  };
}

function encoding(changes: (string | null)[]): StateEncoding {
  return { wholeStateChanged: false, snapshot: () => '{}', changes: () => changes.shift() ?? null };
}

describe('StateWriter', () => {
  it('flush() returns when the change had nothing to write', async () => {
    const store = recordingStore();
    const writer = new StateWriter(store, encoding([null]));
    writer.changed();
    await writer.flush();
    assert.deepEqual(store.appended, []);
  });

  it('changes made while a save runs are written by the same drain, in order, and flush() waits for them', async () => {
    const store = recordingStore();
    const writer = new StateWriter(store, encoding(['{"a":1}', '{"a":2}']));
    writer.changed();
    writer.changed();
    await writer.flush();
    assert.deepEqual(store.appended, ['{"a":1}', '{"a":2}']);
    writer.changed(); // nothing left to encode: a no-op save after a real one
    await writer.flush();
    assert.deepEqual(store.appended, ['{"a":1}', '{"a":2}']);
  });
});
