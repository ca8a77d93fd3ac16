// Mounts and dismounts through the real manager, catalog and virtual library: by barcode and from
// a pool, with priorities, cancellation, timeouts, and two applications racing for one drive.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../../../src/emulator/index.ts';
import { isRsmError } from '../../../../src/rsm/index.ts';
import { embeddedLibrary } from '../../../../src/transport/embeddedLibraries.ts';
import { assertConservation } from './conservation.ts';
import { BACKUP, finished, forEachEngine, frontPanelOf, OPERATOR, RESTORE, until } from './harness.ts';

forEachEngine('manager mounts', (h) => {
  test('start catalogues every cartridge where the library has it, and asks about the unlabelled one', async () => {
    const { manager, deviceUrl } = await h.start();
    const [summary] = await manager.libraries();
    assert.deepEqual(
      { name: summary?.name, owned: summary?.ownedHere, slots: summary?.slotCount, drives: summary?.driveCount, ports: summary?.ieportCount, media: summary?.mediaCount },
      { name: 'lib0', owned: true, slots: 24, drives: 2, ports: 1, media: 19 },
    );
    const a1 = await manager.medium('lib0', 'A00001L8');
    assert.deepEqual([a1.location, a1.homeSlot, a1.poolName, a1.mediaType, a1.sides[0]?.state], [{ type: 'slot', index: 0 }, 0, 'Import/LTO-8', 'LTO-8', 'import']);
    const cleaner = await manager.medium('lib0', 'CLN001L1');
    assert.deepEqual([cleaner.poolName, cleaner.cleanerUsesRemaining], [null, -1]);
    const detail = await manager.library('lib0');
    assert.deepEqual(detail.drives.map((d) => [d.serialNumber, d.mediaTypesWritten.includes('LTO-8'), d.mediaTypesWritten.includes('LTO-9')]), [['10WT000001', true, false], ['10WT000002', true, false]]);
    const asks = await manager.operatorRequests({ library: 'lib0' });
    assert.deepEqual(asks.map((r) => [r.kind, r.reason, r.state]), [['device-service', 'unlabelled-cartridge', 'submitted']]);
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('mount and dismount by barcode: the catalog, drive and events follow each move', async () => {
    const { manager, deviceUrl, events } = await h.start();
    const mount = await manager.mount({ library: 'lib0', barcode: 'A00002L8', drive: 1 }, BACKUP);
    assert.equal(mount.state, 'queued');
    const mounted = await finished(manager, mount);
    assert.deepEqual([mounted.state, mounted.application, mounted.user, mounted.history.map((e) => e.state)], ['completed', 'backup', 'token-backup', ['queued', 'in-progress', 'completed']]);
    const inDrive = await manager.medium('lib0', 'A00002L8');
    assert.deepEqual([inDrive.location, inDrive.state, inDrive.mountCount], [{ type: 'drive', index: 1 }, 'mounted', 1]);
    const drive = (await manager.library('lib0')).drives[1];
    assert.deepEqual([drive?.state, drive?.barcode, drive?.mountCount], ['mounted', 'A00002L8', 1]);
    await assertConservation(manager, 'lib0', deviceUrl);

    await assert.rejects(manager.mount({ library: 'lib0', barcode: 'A00002L8' }, RESTORE), (e) => isRsmError(e) && e.code === 'INVALID_STATE');
    const dismounted = await finished(manager, await manager.dismount({ library: 'lib0', barcode: 'A00002L8' }, BACKUP));
    assert.equal(dismounted.state, 'completed');
    const home = await manager.medium('lib0', 'A00002L8');
    assert.deepEqual([home.location, home.state], [{ type: 'slot', index: 1 }, 'idle']);
    await assertConservation(manager, 'lib0', deviceUrl);

    const seqs = events.map((e) => e.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => (seqs[0] as number) + i), 'events are numbered one by one');
    const mine = events.filter((e) => e.type === 'request' && e.request.id === mount.id).map((e) => (e.type === 'request' ? [e.previous, e.request.state] : []));
    assert.deepEqual(mine, [[null, 'queued'], ['queued', 'in-progress'], ['in-progress', 'completed']]);
  });

  test('bad orders are refused with the right codes and nothing is queued', async () => {
    const { manager } = await h.start();
    const refusal = async (p: Promise<unknown>, code: string): Promise<void> => {
      await assert.rejects(p, (e) => isRsmError(e) && e.code === code);
    };
    await refusal(manager.mount({ library: 'lib0' }, BACKUP), 'INVALID_PARAMETER');
    await refusal(manager.mount({ library: 'lib0', barcode: 'A00001L8', priority: 16 }, BACKUP), 'INVALID_PARAMETER');
    await refusal(manager.mount({ library: 'lib0', barcode: 'A00001L8', drive: 2 }, BACKUP), 'INVALID_PARAMETER');
    await refusal(manager.mount({ library: 'lib0', barcode: 'A00001L8', timeoutMs: -5 }, BACKUP), 'INVALID_PARAMETER');
    await refusal(manager.mount({ library: 'lib0', barcode: 'NOPE00L8' }, BACKUP), 'NOT_FOUND');
    await refusal(manager.mount({ library: 'nolib', barcode: 'A00001L8' }, BACKUP), 'NOT_FOUND');
    await refusal(manager.mount({ library: 'lib0', barcode: 'CLN001L1' }, BACKUP), 'INVALID_PARAMETER');
    await refusal(manager.mount({ library: 'lib0', pool: 'nopool' }, BACKUP), 'NOT_FOUND');
    await refusal(manager.dismount({ library: 'lib0', drive: 0 }, BACKUP), 'INVALID_STATE');
    await refusal(manager.move({ library: 'lib0', from: { type: 'slot', index: 3 }, to: { type: 'slot', index: 0 } }, BACKUP), 'INVALID_STATE');
    await refusal(manager.eject({ library: 'lib0', barcodes: ['A00001L8', 'A00002L8'] }, BACKUP), 'INVALID_PARAMETER');
    await refusal(manager.inject({ library: 'lib0', via: 'door' }, BACKUP), 'INVALID_PARAMETER');
    // The LTO-7 cartridge in the mailslot is fine for LTO-8 drives; a LTO-9 one would not be.
    assert.equal((await manager.requests({ library: 'lib0' })).length, 0);
  });

  test('mount from a pool allocates a scratch side; racing applications get different tapes; deallocate returns it', async () => {
    const { manager, deviceUrl } = await h.start();
    await manager.createPool({ name: 'backup', mediaType: 'LTO-8' }, OPERATOR);
    for (const barcode of ['A00001L8', 'A00002L8', 'A00003L8']) await manager.moveMediumToPool('lib0', barcode, 'Free/LTO-8', OPERATOR);
    const [first, second] = await Promise.all([manager.mount({ library: 'lib0', pool: 'backup' }, BACKUP), manager.mount({ library: 'lib0', pool: 'backup' }, RESTORE)]);
    assert.ok(first !== undefined && second !== undefined);
    assert.notEqual(first.mediumId, second.mediumId);
    const done = await Promise.all([finished(manager, first), finished(manager, second)]);
    assert.deepEqual(done.map((r) => r.state), ['completed', 'completed']);
    const drives = (await manager.library('lib0')).drives.map((d) => d.barcode).sort();
    assert.deepEqual(drives, [first.barcode, second.barcode].sort());
    const allocated = await manager.medium('lib0', first.barcode as string);
    assert.deepEqual([allocated.poolName, allocated.sides[0]?.state, allocated.sides[0]?.application], ['backup', 'allocated', 'backup']);

    const back = await finished(manager, await manager.dismount({ library: 'lib0', barcode: first.barcode as string, deallocate: true }, BACKUP));
    assert.equal(back.state, 'completed');
    const freed = await manager.medium('lib0', first.barcode as string);
    assert.deepEqual([freed.poolName, freed.sides[0]?.state], ['Free/LTO-8', 'available']);
    await assertConservation(manager, 'lib0', deviceUrl);

    // Two available tapes (the returned one and the unused one): the least worn goes first; then the pool is empty.
    const third = await finished(manager, await manager.mount({ library: 'lib0', pool: 'backup' }, BACKUP));
    assert.deepEqual([third.state, third.barcode], ['completed', 'A00003L8']);
    const fourth = await manager.mount({ library: 'lib0', pool: 'backup' }, BACKUP);
    assert.equal(fourth.barcode, first.barcode);
    await assert.rejects(manager.mount({ library: 'lib0', pool: 'backup' }, BACKUP), (e) => isRsmError(e) && e.code === 'MEDIA_UNAVAILABLE');
    const asks = await manager.operatorRequests({ library: 'lib0', kinds: ['new-media'] });
    assert.deepEqual(asks.map((r) => [r.state, r.message]), [['submitted', 'Pool backup has no LTO-8 medium left to allocate in library lib0; inject new media.']]);
    await manager.cancelRequest(fourth.id, BACKUP);
  });

  test('two applications racing for one drive: the second waits for the first to dismount', async () => {
    const { manager, deviceUrl } = await h.start();
    const [a, b] = await Promise.all([
      manager.mount({ library: 'lib0', barcode: 'A00001L8', drive: 0 }, BACKUP),
      manager.mount({ library: 'lib0', barcode: 'A00002L8', drive: 0 }, RESTORE),
    ]);
    assert.ok(a !== undefined && b !== undefined);
    // Either may win; the other waits for the drive.
    let winner = a;
    let loser = b;
    await until(async () => {
      const [ra, rb] = [await manager.request(a.id), await manager.request(b.id)];
      if (rb.state === 'completed') [winner, loser] = [b, a];
      return (ra.state === 'completed' && rb.state === 'waiting') || (rb.state === 'completed' && ra.state === 'waiting');
    }, 'one mount has the drive and the other waits');
    assert.equal((await manager.medium('lib0', loser.barcode as string)).location.type, 'slot');
    await finished(manager, await manager.dismount({ library: 'lib0', drive: 0 }, BACKUP));
    const second = await finished(manager, loser);
    assert.deepEqual([second.state, second.history.map((e) => e.state)], ['completed', ['queued', 'waiting', 'in-progress', 'completed']]);
    assert.deepEqual((await manager.medium('lib0', loser.barcode as string)).location, { type: 'drive', index: 0 });
    assert.deepEqual((await manager.medium('lib0', winner.barcode as string)).location.type, 'slot');
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('higher priority is served first when a drive frees up', async () => {
    const { manager } = await h.start();
    await finished(manager, await manager.mount({ library: 'lib0', barcode: 'A00001L8', drive: 0 }, BACKUP));
    const low = await manager.mount({ library: 'lib0', barcode: 'A00002L8', drive: 0, priority: -5 }, BACKUP);
    const high = await manager.mount({ library: 'lib0', barcode: 'A00003L8', drive: 0, priority: 10 }, RESTORE);
    await until(async () => (await manager.request(low.id)).state === 'waiting' && (await manager.request(high.id)).state === 'waiting', 'both wait');
    await finished(manager, await manager.dismount({ library: 'lib0', drive: 0 }, BACKUP));
    assert.equal((await finished(manager, high)).state, 'completed');
    assert.equal((await manager.request(low.id)).state, 'waiting');
    await finished(manager, await manager.dismount({ library: 'lib0', drive: 0 }, RESTORE));
    assert.equal((await finished(manager, low)).state, 'completed');
  });

  test('a waiting mount can be cancelled, and its allocation is given back', async () => {
    const { manager } = await h.start();
    await manager.createPool({ name: 'nightly', mediaType: 'LTO-8' }, OPERATOR);
    await manager.moveMediumToPool('lib0', 'A00005L8', 'Free/LTO-8', OPERATOR);
    await finished(manager, await manager.mount({ library: 'lib0', barcode: 'A00001L8', drive: 0 }, BACKUP));
    await finished(manager, await manager.mount({ library: 'lib0', barcode: 'A00002L8', drive: 1 }, BACKUP));
    const waiting = await manager.mount({ library: 'lib0', pool: 'nightly' }, BACKUP);
    assert.equal(waiting.barcode, 'A00005L8');
    await until(async () => (await manager.request(waiting.id)).state === 'waiting', 'the mount waits for a drive');
    await manager.cancelRequest(waiting.id, OPERATOR);
    const cancelled = await finished(manager, waiting);
    assert.deepEqual([cancelled.state, cancelled.errorMessage], ['cancelled', 'cancelled']);
    const medium = await manager.medium('lib0', 'A00005L8');
    assert.deepEqual([medium.location, medium.sides[0]?.state, medium.poolName], [{ type: 'slot', index: 5 }, 'available', 'Free/LTO-8']);
    await assert.rejects(manager.cancelRequest(waiting.id, OPERATOR), (e) => isRsmError(e) && e.code === 'INVALID_STATE');
  });
});

forEachEngine('manager media compatibility', (h) => {
  test('mounts go only to drives that can read or write the cartridge (LTO matrix from the drives identity)', async () => {
    const { manager, deviceUrl } = await h.start({ profile: 'library-500' });
    const drives = (await manager.library('lib0')).drives;
    assert.deepEqual([drives[0]?.mediaTypesWritten.includes('LTO-8'), drives[8]?.mediaTypesWritten.includes('LTO-8'), drives[8]?.mediaTypesRead.includes('LTO-5')], [true, false, true]);
    await assert.rejects(manager.mount({ library: 'lib0', barcode: 'S00001L8', drive: 8 }, BACKUP), (e) => isRsmError(e) && e.code === 'MEDIA_INCOMPATIBLE' && e.message === 'drive 8 cannot write LTO-8 (S00001L8)');
    const mounted = await finished(manager, await manager.mount({ library: 'lib0', barcode: 'S00001L8' }, BACKUP));
    const where = (await manager.medium('lib0', 'S00001L8')).location;
    assert.ok(mounted.state === 'completed' && where.type === 'drive' && where.index < 8, `an LTO-8 drive took it (${JSON.stringify(where)})`);
    // This library wants the drive's host to eject first (predismount eject): the manager does it through the panel.
    assert.equal((await finished(manager, await manager.dismount({ library: 'lib0', barcode: 'S00001L8' }, BACKUP))).state, 'completed');
    assert.deepEqual((await manager.medium('lib0', 'S00001L8')).location, { type: 'slot', index: 0 });

    const virtual = embeddedLibrary(deviceUrl);
    assert.ok(virtual !== undefined);
    const panel = frontPanelOf(manager, 'lib0');
    await panel.openDoor();
    panel.insertThroughDoor(virtual.addresses('slot')[9] as number, { barcode: 'N00001L9' });
    await panel.closeDoor();
    await until(async () => (await manager.media({ library: 'lib0', barcode: 'N00001L9' })).length === 1, 'the LTO-9 cartridge is found');
    await assert.rejects(manager.mount({ library: 'lib0', barcode: 'N00001L9', access: 'read' }, BACKUP), (e) => isRsmError(e) && e.code === 'MEDIA_INCOMPATIBLE' && e.message === 'no drive of library lib0 can read LTO-9 (N00001L9)');
    await assertConservation(manager, 'lib0', deviceUrl);
  });
});

forEachEngine('manager timeouts', (h) => {
  test('a mount not done within its timeout ends timed-out; the scheduler measures it on the manager clock', async () => {
    const clock = new VirtualClock();
    const { manager } = await h.start({ clock });
    await finished(manager, await manager.mount({ library: 'lib0', barcode: 'A00001L8', drive: 0 }, BACKUP));
    const late = await manager.mount({ library: 'lib0', barcode: 'A00002L8', drive: 0, timeoutMs: 60_000 }, RESTORE);
    await until(async () => (await manager.request(late.id)).state === 'waiting', 'the mount waits');
    await clock.advance(59_000);
    assert.equal((await manager.request(late.id)).state, 'waiting');
    await clock.advance(1_000);
    const ended = await finished(manager, late);
    assert.deepEqual([ended.state, ended.errorCode], ['timed-out', 'TIMEOUT']);
    assert.equal((await manager.medium('lib0', 'A00002L8')).location.type, 'slot');
  });

  test('a waiting mount ages on the manager clock; the queue shows when it was submitted as the request does', async () => {
    const clock = new VirtualClock();
    const { manager } = await h.start({ clock });
    await finished(manager, await manager.mount({ library: 'lib0', barcode: 'A00001L8', drive: 0 }, BACKUP));
    const waiting = await manager.mount({ library: 'lib0', barcode: 'A00002L8', drive: 0, priority: -15 }, RESTORE);
    await until(async () => (await manager.request(waiting.id)).state === 'waiting', 'the mount waits');
    await clock.advance(5 * 60_000);
    const [queued] = await manager.requestQueue('lib0');
    assert.deepEqual([queued?.id, queued?.priority, queued?.effectivePriority, queued?.submittedAt], [waiting.id, -15, -10, (await manager.request(waiting.id)).submittedAt]);
  });
});
