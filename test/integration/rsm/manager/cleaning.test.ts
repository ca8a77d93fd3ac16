// Drive cleaning: on request and when a drive asks, counting the cleaner's uses, and calling the
// operator when no cleaner with cleanings left is in the library.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MANAGER_CALLER } from '../../../../src/rsm/index.ts';
import { embeddedLibrary } from '../../../../src/transport/embeddedLibraries.ts';
import { assertConservation } from './conservation.ts';
import { BACKUP, finished, forEachEngine, frontPanelOf, OPERATOR, until } from './harness.ts';

forEachEngine('manager cleaning', (h) => {
  test('a cleaning takes the cleaner into the drive and home again; a drive that asks gets one queued', async () => {
    const warnings: string[] = [];
    const logger = { info: () => undefined, error: () => undefined, warn: (_: object, message?: string) => void warnings.push(message ?? '') };
    const { manager, deviceUrl, events } = await h.start({ logger });
    const clock = embeddedLibrary(deviceUrl)?.clock;
    const before = clock?.now() ?? 0;
    const clean = await finished(manager, await manager.clean({ library: 'lib0', drive: 0 }, OPERATOR));
    assert.deepEqual([clean.state, clean.history.at(-1)?.note], ['completed', 'drive 0 cleaned with CLN001L1']);
    // The drive reports 30/03 while it cleans and 3A/00 once it has ejected the cleaner: the robot
    // takes the cleaner home then, not after the 15-minute settle timeout.
    assert.deepEqual(warnings.filter((w) => w.includes('still cleaning')), []);
    assert.ok((clock?.now() ?? 0) - before < 5 * 60_000, `the cleaning took ${(clock?.now() ?? 0) - before} ms of library time`);
    const cleaner = await manager.medium('lib0', 'CLN001L1');
    assert.deepEqual([cleaner.location, cleaner.state, cleaner.mountCount], [{ type: 'slot', index: 20 }, 'idle', 0]);
    const drive = (await manager.library('lib0')).drives[0];
    assert.deepEqual([drive?.state, drive?.needsCleaning, typeof drive?.lastCleanedAt, drive?.mountCount], ['dismounted', false, 'number', 0]);
    assert.ok(events.some((e) => e.type === 'drive' && e.drive === 0 && e.state === 'being-cleaned' && e.barcode === 'CLN001L1'));

    // Asked twice at once (the drive's TapeAlert and an operator): one cleaning is queued, not two.
    // At once, because on the virtual clock a cleaning may be over before a second, later ask.
    const answers = await Promise.all([manager.reportDriveNeedsCleaning('lib0', 1, MANAGER_CALLER), manager.reportDriveNeedsCleaning('lib0', 1, MANAGER_CALLER)]);
    assert.equal(answers[1], null, 'one cleaning queued per drive');
    const asked = answers[0];
    assert.ok(asked !== null);
    assert.equal(asked.priority, 7);
    assert.equal((await finished(manager, asked)).state, 'completed');
    assert.equal((await manager.library('lib0')).drives[1]?.needsCleaning, false);
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('autoloader-8 names slot 8 (of 1..8) its cleaner slot: the manager cleans with the cleaner there and puts it back there', async () => {
    const { manager, deviceUrl } = await h.start({ profile: 'autoloader-8' });
    // GET_CHANGER_PARAMETERS: FirstSlotNumber 1, FirstCleanerSlotAddress 8 → zero-based slot 7.
    assert.deepEqual((await manager.medium('lib0', 'CLN001L1')).location, { type: 'slot', index: 7 });
    const clean = await finished(manager, await manager.clean({ library: 'lib0', drive: 0 }, OPERATOR));
    assert.deepEqual([clean.state, clean.history.at(-1)?.note], ['completed', 'drive 0 cleaned with CLN001L1']);
    assert.deepEqual((await manager.medium('lib0', 'CLN001L1')).location, { type: 'slot', index: 7 });
    // A data cartridge mounted and dismounted goes home, never into the cleaner slot.
    const mount = await finished(manager, await manager.mount({ library: 'lib0', barcode: 'A00001L8' }, BACKUP));
    assert.equal(mount.state, 'completed');
    await finished(manager, await manager.dismount({ library: 'lib0', drive: 0 }, BACKUP));
    assert.deepEqual((await manager.medium('lib0', 'A00001L8')).location, { type: 'slot', index: 0 });
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('counted cleaners run out; with none left the cleaning waits for the operator to bring one', async () => {
    const { manager, deviceUrl } = await h.start();
    const panel = frontPanelOf(manager, 'lib0');
    // Empty the mailslot first, then the operator brings a cleaner good for one cleaning.
    await finished(manager, await manager.inject({ library: 'lib0' }, OPERATOR));
    await panel.openMailslot();
    panel.insertIntoMailslot({ barcode: 'CLN002L1' });
    await panel.closeMailslot();
    await until(async () => (await manager.media({ library: 'lib0', barcode: 'CLN002L1' })).length === 1, 'the new cleaner is catalogued');
    await finished(manager, await manager.inject({ library: 'lib0', cleanerUses: 1 }, OPERATOR));
    assert.equal((await manager.medium('lib0', 'CLN002L1')).cleanerUsesRemaining, 1);

    const counted = await finished(manager, await manager.clean({ library: 'lib0', drive: 0 }, OPERATOR));
    assert.equal(counted.history.at(-1)?.note, 'drive 0 cleaned with CLN002L1 (0 cleanings left)');
    const [usedUp] = await manager.operatorRequests({ library: 'lib0', kinds: ['cleaner'] });
    assert.deepEqual([usedUp?.reason, usedUp?.barcode], ['cleaner-used-up', 'CLN002L1']);

    // Take the uncounted cleaner out: now no cleaner has cleanings left.
    await finished(manager, await manager.eject({ library: 'lib0', barcodes: ['CLN001L1'] }, OPERATOR));
    await panel.openMailslot();
    panel.takeFromMailslot();
    await panel.closeMailslot();
    await until(async () => (await manager.medium('lib0', 'CLN001L1')).location.type === 'outside', 'the cleaner is out');

    const waiting = await manager.clean({ library: 'lib0', drive: 1 }, BACKUP);
    await until(async () => (await manager.request(waiting.id)).state === 'waiting', 'the cleaning waits for a cleaner');
    const ask = (await manager.operatorRequests({ library: 'lib0', kinds: ['cleaner'], states: ['submitted'] })).find((r) => r.reason === `request-${waiting.id}`);
    assert.equal(ask?.message, 'Drive 1 of library lib0 needs cleaning and there is no cleaner with cleanings left. Insert a cleaning cartridge, then complete this request.');
    await panel.openMailslot();
    panel.insertIntoMailslot({ barcode: 'CLN003L1' });
    await panel.closeMailslot();
    const done = await finished(manager, waiting);
    assert.deepEqual([done.state, done.history.at(-1)?.note], ['completed', 'drive 1 cleaned with CLN003L1']);
    await assertConservation(manager, 'lib0', deviceUrl);
  });
});
