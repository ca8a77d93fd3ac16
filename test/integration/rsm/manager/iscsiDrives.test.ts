// The manager over real iSCSI: a library served by `changer emulate` (changer at LUN 0, drives at
// LUNs 1…N), no front panel within reach. The manager finds each drive among the target's LUNs by
// serial number, waits for loaded tapes through the drive's own TEST UNIT READY, and reads the
// label of a cartridge without a barcode in a full inventory — everything over TCP.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Manager } from '../../../../src/rsm/index.ts';
import { emulateInProcess, type ListeningEvent } from '../../../helpers/emulateInProcess.ts';
import { BACKUP, finished, OPERATOR } from './harness.ts';

let root = '';
const stop = new AbortController();
let served: Promise<void> = Promise.resolve();
let listening: ListeningEvent;
let manager: Manager | undefined;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'changer-rsm-iscsi-'));
  const emulator = emulateInProcess(`${join(root, 'library')}?profile=library-24&clock=virtual`, stop.signal);
  served = emulator.served;
  listening = await emulator.listening;
});

after(async () => {
  await manager?.close();
  stop.abort();
  await served;
  await rm(root, { recursive: true, force: true });
});

describe('manager over iSCSI with the drives as LUNs', () => {
  it('pairs drives by serial, mounts through the drive, and identifies an unlabelled cartridge by its tape label', async () => {
    const library = listening.libraries[0];
    assert.ok(library !== undefined);
    manager = await Manager.start({ catalogUrl: join(root, 'catalog.sqlite'), libraries: [{ name: 'lib0', deviceUrl: library.url }], pollIntervalMs: 50 });
    const drives = (await manager.library('lib0')).drives;
    assert.deepEqual(
      drives.map((d) => [d.serialNumber, d.devicePath]),
      library.drives.map((d) => [d.serial, d.url]),
    );

    const mount = await finished(manager, await manager.mount({ library: 'lib0', barcode: 'A00001L8', drive: 1 }, BACKUP));
    assert.deepEqual([mount.state, mount.driveIndex], ['completed', 1]);
    const dismount = await finished(manager, await manager.dismount({ library: 'lib0', drive: 1 }, BACKUP));
    assert.equal(dismount.state, 'completed');

    const full = await finished(manager, await manager.inventory({ library: 'lib0', mode: 'full' }, OPERATOR));
    assert.deepEqual([full.state, full.history.at(-1)?.note], ['completed', 'full inventory: 0 moved, 0 new, 0 gone; identified slot:22: blank']);
    const [blank] = (await manager.media({ library: 'lib0' })).filter((m) => m.barcode === null);
    assert.deepEqual([blank?.location, blank?.onMediaLabel?.type, blank?.poolName], [{ type: 'slot', index: 21 }, 'blank', 'Free/unknown']);
  });
});
