// The drives as the manager's own devices (tape LUNs of the embedded library, found by serial):
// full inventory reads the label of cartridges without a barcode, a drive that raises TapeAlert
// "clean now" is cleaned without anyone asking, and a worn-out cleaner is found out by the drive.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Manager } from '../../../../src/rsm/index.ts';
import type { MediumView } from '../../../../src/rsm/service.ts';
import { assertConservation } from './conservation.ts';
import { finished, forEachEngine, frontPanelOf, OPERATOR, until } from './harness.ts';

/** The operator puts one cartridge into the mailslot and the manager takes it in. */
async function injectOne(manager: Manager, cartridge: { barcode: string | null; volumeLabel?: string; records?: Uint8Array[]; cleaningUses?: number }): Promise<void> {
  const panel = frontPanelOf(manager, 'lib0');
  await panel.openMailslot();
  panel.insertIntoMailslot(cartridge);
  await panel.closeMailslot();
  const inject = await finished(manager, await manager.inject({ library: 'lib0' }, OPERATOR));
  assert.equal(inject.state, 'completed', JSON.stringify(inject.history));
}

function slotOf(m: MediumView): number {
  return m.location.type === 'slot' ? m.location.index : -1;
}

forEachEngine('manager drive devices', (h) => {
  test('each drive is paired with its own device by serial number', async () => {
    const { manager, libraryDir } = await h.start();
    const drives = (await manager.library('lib0')).drives;
    assert.deepEqual(
      drives.map((d) => [d.index, d.serialNumber, d.devicePath]),
      [
        [0, '10WT000001', `virtual:${libraryDir}?lun=1`],
        [1, '10WT000002', `virtual:${libraryDir}?lun=2`],
      ],
    );
  });

  test('a full inventory reads the label of every cartridge without a barcode and puts it back; the label decides its pool', async () => {
    const { manager, deviceUrl } = await h.start();
    await finished(manager, await manager.inject({ library: 'lib0' }, OPERATOR));
    const unlabelled = async (): Promise<MediumView[]> => (await manager.media({ library: 'lib0' })).filter((m) => m.barcode === null);
    // library-24 comes with one blank cartridge without a barcode; the operator brings three more.
    const [shipped] = await unlabelled();
    const expected = new Map<string, [string, string | null, string, string]>([[shipped?.id ?? '', ['blank', null, 'Free/unknown', 'available']]]);
    const bring = async (cartridge: Parameters<typeof injectOne>[1], label: [string, string | null, string, string]): Promise<void> => {
      const known = new Set((await unlabelled()).map((m) => m.id));
      await injectOne(manager, cartridge);
      const added = (await unlabelled()).filter((m) => !known.has(m.id));
      assert.equal(added.length, 1);
      expected.set(added[0]?.id ?? '', label);
    };
    await bring({ barcode: null, volumeLabel: 'VOL001' }, ['ansi', 'VOL001', 'Import/unknown', 'import']);
    await bring({ barcode: null }, ['blank', null, 'Free/unknown', 'available']);
    await bring({ barcode: null, records: [new TextEncoder().encode('tar archive, not a label')] }, ['foreign', null, 'Unrecognized/unknown', 'foreign']);
    const before = (await unlabelled()).sort((a, b) => slotOf(a) - slotOf(b));
    assert.deepEqual(before.map((m) => [m.poolName, m.onMediaLabel]), before.map(() => ['Unrecognized/unknown', null]));

    const fast = await finished(manager, await manager.inventory({ library: 'lib0', mode: 'fast' }, OPERATOR));
    assert.equal(fast.history.at(-1)?.note, 'fast inventory: 0 moved, 0 new, 0 gone');
    const full = await finished(manager, await manager.inventory({ library: 'lib0', mode: 'full' }, OPERATOR));
    assert.equal(full.state, 'completed', JSON.stringify(full.history));
    const read = before.map((m) => {
      const [type, id] = expected.get(m.id) ?? ['?', null];
      // The note names slots as people see them: display numbers, counted from 1 here.
      return `slot:${slotOf(m) + 1}: ${type}${id === null ? '' : ` ${id}`}`;
    });
    assert.equal(full.history.at(-1)?.note, `full inventory: 0 moved, 0 new, 0 gone; identified ${read.join(', ')}`);

    const after = await unlabelled();
    for (const m of before) {
      const now = after.find((x) => x.id === m.id);
      const [type, id, pool, side] = expected.get(m.id) ?? [];
      assert.deepEqual([now?.location, now?.onMediaLabel?.type, now?.onMediaLabel?.id, now?.poolName, now?.sides[0]?.state], [m.location, type, id, pool, side]);
    }
    const drives = (await manager.library('lib0')).drives;
    assert.deepEqual(drives.map((d) => d.barcode), [null, null]);
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('a drive that raises TapeAlert "clean now" is cleaned without anyone asking', async () => {
    const { manager, deviceUrl } = await h.start();
    const panel = frontPanelOf(manager, 'lib0');
    panel.soilDrive(1);
    await until(async () => (await manager.requests({ library: 'lib0', kinds: ['clean'] })).some((r) => r.driveIndex === 1 && r.state === 'completed'), 'the drive is cleaned');
    const [clean] = await manager.requests({ library: 'lib0', kinds: ['clean'] });
    assert.deepEqual([clean?.priority, clean?.history.at(-1)?.note], [7, 'drive 1 cleaned with CLN001L1']);
    assert.equal(panel.driveNeedsCleaning(1), false);
    assert.equal((await manager.library('lib0')).drives[1]?.needsCleaning, false);
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('a worn-out cleaner is found out by the drive: marked spent, the operator asked for a new one, the drive cleaned with it', async () => {
    const { manager, deviceUrl } = await h.start();
    const panel = frontPanelOf(manager, 'lib0');
    await finished(manager, await manager.inject({ library: 'lib0' }, OPERATOR));
    await finished(manager, await manager.eject({ library: 'lib0', barcodes: ['CLN001L1'] }, OPERATOR));
    await panel.openMailslot();
    panel.takeFromMailslot();
    await panel.closeMailslot();
    await until(async () => (await manager.medium('lib0', 'CLN001L1')).location.type === 'outside', 'the good cleaner is out');
    await injectOne(manager, { barcode: 'CLN009L1', cleaningUses: 0 });

    panel.soilDrive(0);
    await until(async () => (await manager.requests({ library: 'lib0', kinds: ['clean'] })).some((r) => r.state === 'failed'), 'the cleaning with the spent cleaner fails');
    const [failed] = await manager.requests({ library: 'lib0', kinds: ['clean'], states: ['failed'] });
    assert.deepEqual([failed?.errorCode, failed?.history.at(-1)?.note], ['MEDIA_UNAVAILABLE', 'cleaner CLN009L1 is worn out: drive 0 was not cleaned']);
    assert.equal((await manager.medium('lib0', 'CLN009L1')).cleanerUsesRemaining, 0);
    const wornOut = (await manager.operatorRequests({ library: 'lib0', kinds: ['cleaner'] })).find((r) => r.reason === 'cleaner-used-up');
    assert.equal(wornOut?.barcode, 'CLN009L1');

    // The drive still asks: the next cleaning waits for a cleaner, and goes on when one comes.
    await until(async () => (await manager.requests({ library: 'lib0', kinds: ['clean'], states: ['waiting'] })).length === 1, 'the next cleaning waits for a cleaner');
    await panel.openMailslot();
    panel.insertIntoMailslot({ barcode: 'CLN003L1' });
    await panel.closeMailslot();
    await until(async () => (await manager.requests({ library: 'lib0', kinds: ['clean'], states: ['completed'] })).length === 1, 'the drive is cleaned with the new cleaner');
    assert.equal(panel.driveNeedsCleaning(0), false);
    await assertConservation(manager, 'lib0', deviceUrl);
  });
});
