// A second manager on the same catalog is a standby: it refuses requests for a library another
// manager owns, takes the library over once that manager lets go, and finishes the requests the
// first one had accepted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRsmError } from '../../../../src/rsm/index.ts';
import { assertConservation } from './conservation.ts';
import { BACKUP, finished, forEachEngine, RESTORE, until } from './harness.ts';

forEachEngine('manager takeover', (h) => {
  test('the standby takes the library over and finishes the request the first manager accepted', async () => {
    const first = await h.start({ ownerId: 'rsm-a', leaseTtlMs: 2_000 });
    const second = await h.start({ ownerId: 'rsm-b', leaseTtlMs: 2_000, catalogUrl: first.catalogUrl, libraryDir: first.libraryDir, standbyRetryMs: 100 });
    const [seenBySecond] = await second.manager.libraries();
    assert.deepEqual([seenBySecond?.ownedHere, seenBySecond?.lease?.ownerId], [false, 'rsm-a']);
    await assert.rejects(second.manager.mount({ library: 'lib0', barcode: 'A00001L8' }, BACKUP), (e) => isRsmError(e) && e.code === 'LIBRARY_UNAVAILABLE');

    await finished(first.manager, await first.manager.mount({ library: 'lib0', barcode: 'A00001L8', drive: 0 }, BACKUP));
    await finished(first.manager, await first.manager.mount({ library: 'lib0', barcode: 'A00002L8', drive: 1 }, BACKUP));
    const waiting = await first.manager.mount({ library: 'lib0', barcode: 'A00003L8' }, RESTORE);
    await until(async () => (await first.manager.request(waiting.id)).state === 'waiting', 'the third mount waits for a drive');
    await first.manager.close();

    await until(async () => (await second.manager.libraries())[0]?.ownedHere === true, 'the standby owns the library');
    assert.equal((await second.manager.request(waiting.id)).state, 'waiting', 'accepted work is not dropped in the handover');
    await finished(second.manager, await second.manager.dismount({ library: 'lib0', drive: 1 }, BACKUP));
    const done = await finished(second.manager, waiting);
    assert.equal(done.state, 'completed');
    assert.ok(done.history.some((e) => e.note === 'claimed by rsm-b'));
    assert.deepEqual((await second.manager.medium('lib0', 'A00003L8')).location, { type: 'drive', index: 1 });
    await assertConservation(second.manager, 'lib0', second.deviceUrl);
  });
});
