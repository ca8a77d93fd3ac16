/**
 * When the manager asks a loading drive again (loadPolling.ts): every second until it has seen the
 * drive load, then a sleep to just before the learned load time and a few quick questions — the
 * times below are those a drive that loads in 19 s is asked at, as DriveDevices.settle asks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoadPolling } from '../../../../../src/rsm/manager/library/loadPolling.ts';

/** The times (ms after insertion) `drive` is asked, loading for `loadMs`; the last answer is ready. */
function load(polling: LoadPolling, drive: number, loadMs: number): number[] {
  const asked: number[] = [];
  let waited = 0;
  for (;;) {
    asked.push(waited);
    // The drive answers ready from loadMs on; the first question never teaches a load time.
    if (waited >= loadMs) {
      if (asked.length > 1) polling.loaded(drive, waited);
      return asked;
    }
    waited += polling.nextPollMs(drive, waited);
  }
}

describe('LoadPolling', () => {
  it('polls every second until a load was seen, then wakes 500 ms before the shortest load seen and asks every 100 ms', () => {
    const polling = new LoadPolling();
    const first = load(polling, 3, 19_000);
    assert.deepEqual(first, Array.from({ length: 20 }, (_, i) => i * 1_000));
    assert.equal(polling.expectedMs(3), 19_000);
    assert.deepEqual(load(polling, 3, 19_000), [0, 18_500, 18_600, 18_700, 18_800, 18_900, 19_000]);
  });

  it('learns a shorter load from a drive found late by the slow poll', () => {
    const polling = new LoadPolling();
    assert.equal(load(polling, 0, 18_300).length, 20);
    assert.equal(polling.expectedMs(0), 19_000);
    assert.deepEqual(load(polling, 0, 18_300), [0, 18_500]);
    assert.equal(polling.expectedMs(0), 18_500);
    assert.deepEqual(load(polling, 0, 18_300), [0, 18_000, 18_100, 18_200, 18_300]);
    assert.equal(polling.expectedMs(0), 18_300);
  });

  it('a load that runs long is asked every 100 ms for 2 s past the expected time, then every second', () => {
    const polling = new LoadPolling();
    polling.loaded(1, 10_000);
    const asked = load(polling, 1, 14_000);
    assert.deepEqual(asked.slice(0, 3), [0, 9_500, 9_600]);
    assert.deepEqual(asked.slice(-4), [11_900, 12_000, 13_000, 14_000]);
    assert.equal(asked.length, 29);
    assert.equal(polling.expectedMs(1), 10_000);
  });

  it('each drive keeps its own load time; a drive ready at the first question teaches none', () => {
    const polling = new LoadPolling();
    polling.loaded(0, 19_000);
    assert.deepEqual(load(polling, 1, 0), [0]);
    assert.equal(polling.expectedMs(1), undefined);
    assert.equal(polling.nextPollMs(1, 0), 1_000);
    assert.equal(polling.nextPollMs(0, 0), 18_500);
  });
});
