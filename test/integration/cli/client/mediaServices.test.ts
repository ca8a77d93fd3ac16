// The media-service commands end to end (runChanger in-process against the real API and Manager on
// library-24, SQLite catalog): allocate without mounting, complete, deallocate, decommission, move
// to a pool, swap, delete a pool; media ls with a barcode pattern, side states and last mount.
// What each prints is checked; what it did is checked through --json answers of other commands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MediumAllocation } from '../../../../src/rsm/mediaContract.ts';
import type { MediumView } from '../../../../src/rsm/service.ts';
import { changer, type ChangerRun } from './captureRun.ts';
import { startManagerStack } from './managerStack.ts';

function json<T>(r: ChangerRun): T {
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as T;
}

test('media allocate, complete, deallocate, decommission, pool, swap, pools set and pools delete print what the catalog now holds; media ls finds by pattern', async () => {
  const s = await startManagerStack();
  try {
    const run = (args: string[], token = s.tokens.application): Promise<ChangerRun> => changer(args, { CHANGER_SERVER: s.url, CHANGER_TOKEN: token });
    const out = async (args: string[], token?: string): Promise<string> => {
      const r = await run(args, token);
      assert.equal(r.code, 0, r.err);
      return r.out;
    };
    assert.equal(await out(['media', 'pool', 'A00001L8', 'Free/LTO-8']), 'A00001L8 is in pool Free/LTO-8 (available)\n');
    assert.equal(await out(['media', 'pool', 'A00002L8', 'Free/LTO-8']), 'A00002L8 is in pool Free/LTO-8 (available)\n');
    await out(['pools', 'create', 'nightly', '--media-type', 'LTO-8']);
    assert.equal(await out(['pools', 'set', 'nightly', '--max-allocations', '3']), 'pool nightly: from scratch yes, to scratch yes, max allocations 3\n');
    const nothing = await run(['pools', 'set', 'nightly']);
    assert.deepEqual([nothing.code, nothing.err], [2, "changer: say what to change: --from-scratch yes|no, --to-scratch yes|no, --max-allocations N|none (see 'changer --help')\n"]);

    const allocated = await run(['media', 'allocate', '--pool', 'nightly']);
    assert.equal(allocated.code, 0, allocated.err);
    assert.match(allocated.out, /^allocated A00001L8: allocated \(\S+\), pool nightly \(taken from Free\/LTO-8; library library-24\); mount it with: changer media mount A00001L8\n$/);
    const claimed = json<MediumAllocation>(await run(['media', 'allocate', 'A00002L8', '--pool', 'nightly', '--json']));
    assert.deepEqual([claimed.medium.barcode, claimed.side, claimed.allocatedFrom, claimed.medium.poolName], ['A00002L8', 0, 'Free/LTO-8', 'nightly']);
    assert.match(await out(['media', 'mount', '--id', claimed.medium.id, '--drive', '0']), /^request \d+ completed: A00002L8 mounted in drive 0 /);
    assert.match(await out(['media', 'dismount', 'drive:0']), /completed/);
    assert.deepEqual(json<MediumView[]>(await run(['media', 'ls', '--side-state', 'allocated', '--json'])).map((m) => m.barcode), ['A00001L8', 'A00002L8']);

    assert.match(await out(['media', 'complete', 'A00001L8']), /^A00001L8: complete \(\S+\), pool nightly\n$/);
    assert.match(await out(['media', 'swap', 'A00001L8', 'A00002L8']), /^A00001L8: allocated \(\S+\), pool nightly\nA00002L8: complete \(\S+\), pool nightly\n$/);
    assert.equal(await out(['media', 'deallocate', 'A00001L8']), 'A00001L8: available, pool Free/LTO-8\n');
    const busy = await run(['pools', 'delete', 'nightly']);
    assert.notEqual(busy.code, 0);
    assert.match(busy.err, /pool nightly still holds 1 media and 0 pools; move its media to another pool or deallocate them \(and delete its pools\) first/);
    assert.equal(await out(['media', 'deallocate', 'A00002L8']), 'A00002L8: available, pool Free/LTO-8\n');
    assert.equal(await out(['pools', 'delete', 'nightly']), 'pool nightly deleted\n');
    assert.equal(await out(['media', 'decommission', 'A00002L8']), 'A00002L8: decommissioned, pool Free/LTO-8\n');

    const pattern = json<MediumView[]>(await run(['media', 'ls', '--barcode', 'A0000*', '--json']));
    assert.deepEqual(pattern.map((m) => m.barcode), ['A00001L8', 'A00002L8', 'A00003L8', 'A00004L8', 'A00005L8', 'A00006L8', 'A00007L8', 'A00008L8', 'A00009L8']);
    assert.match(await out(['media', 'ls', '--barcode', 'a0001?l8', '--limit', '2']), /^BARCODE .*\nA00010L8 .*\nA00011L8 .*\n2 media\n$/);
    assert.deepEqual(json<MediumView[]>(await run(['media', 'ls', '--mounted-since', '7d', '--json'])).map((m) => m.barcode), ['A00002L8']);
    const bad = await run(['media', 'ls', '--mounted-before', 'last tuesday']);
    assert.deepEqual([bad.code, bad.err], [2, "changer: --mounted-before takes a date (2026-12-01), a time (2026-12-01T08:00:00Z) or days ago (7d), not 'last tuesday' (see 'changer --help')\n"]);
  } finally {
    await s.dispose();
  }
});
