/**
 * The library survives a restart with every cartridge where it was; its state file is replaced
 * atomically after every change; a corrupt, foreign or future state file is refused with a
 * message naming the file and what to do.
 */
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  PersistentReserveInAction,
  PersistentReserveOutAction,
  buildMoveMediumCdb,
  buildPersistentReserveInCdb,
  buildPersistentReserveOutCdb,
  buildPersistentReserveOutParameters,
  parseReadKeysData,
} from '../../../src/scsi/index.ts';
import { EmulatorError, STATE_FILE_NAME, VirtualClock, VirtualLibrary } from '../../../src/emulator/index.ts';
import { assertGood, drainAttentions, element, send, tempDir } from './helpers.ts';

function move(source: number, destination: number): Buffer {
  return buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: source, destinationAddress: destination });
}

async function open(dir: string, profile?: string): Promise<VirtualLibrary> {
  return VirtualLibrary.open({ dir, ...(profile === undefined ? {} : { profile }), clock: new VirtualClock({ autoAdvance: true }) });
}

function refusedWith(code: string, ...fragments: string[]): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof EmulatorError, String(e));
    assert.equal(e.code, code);
    for (const f of fragments) assert.ok(e.message.includes(f), `"${e.message}" should mention "${f}"`);
    return true;
  };
}

describe('persistence', () => {
  it('creates the library on first open and brings every cartridge back after close/reopen', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await open(dir, 'library-24');
      await drainAttentions(lib);
      assertGood(await send(lib, move(4096, 256)));
      assertGood(await send(lib, move(4097, 4100)));
      await lib.frontPanel.openMailslot();
      const taken = lib.frontPanel.takeFromMailslot();
      await lib.close();

      lib = await open(dir); // the profile comes from the state file
      assert.equal(lib.profile.name, 'library-24');
      await drainAttentions(lib);
      const drive = await element(lib, 256);
      assert.equal(drive.primaryVolumeTag?.volumeIdentifier, 'A00001L8');
      assert.equal(drive.sourceAddress, 4096);
      assert.equal((await element(lib, 4100)).primaryVolumeTag?.volumeIdentifier, 'A00002L8');
      assert.equal((await element(lib, 4097)).full, false);
      assert.equal(lib.frontPanel.status().mailslots.mailslot, 'open');
      assert.deepEqual(lib.frontPanel.outside.map((c) => c.label), [taken.label]);
      await lib.close();
    } finally {
      await remove();
    }
  });

  it('round-trips every cartridge field: flips, host tags, unreadable labels, cleaner uses, cartridges outside', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await open(dir, 'jukebox-optical');
      await drainAttentions(lib);
      assertGood(await send(lib, buildMoveMediumCdb({ transportElementAddress: 0x2000, sourceAddress: 1, destinationAddress: 0x3001, invert: true })));
      lib.faults.inject({ kind: 'label-unreadable', barcode: 'UDO0002A' });
      await lib.frontPanel.openDoor();
      lib.frontPanel.removeThroughDoor(3);
      lib.frontPanel.insertThroughDoor(30, { barcode: 'CLN009L1', cleaningUses: 7 });
      await lib.frontPanel.closeDoor();
      const before = { inside: lib.contents(), outside: [...lib.frontPanel.outside] };
      await lib.close();
      lib = await open(dir);
      assert.deepEqual({ inside: lib.contents(), outside: [...lib.frontPanel.outside] }, before);
      await lib.close();
    } finally {
      await remove();
    }
  });

  it('writes the state on close, atomically (no temporary file left behind)', async () => {
    const { dir, remove } = await tempDir();
    try {
      const lib = await open(dir, 'autoloader-8');
      await drainAttentions(lib);
      assertGood(await send(lib, move(32, 480)));
      await lib.close(); // compacts the journal into the state file
      const saved = JSON.parse(await readFile(join(dir, STATE_FILE_NAME), 'utf8')) as { elements: { address: number; loaded?: boolean; cartridge?: { label: string } }[] };
      assert.deepEqual(
        saved.elements.filter((e) => e.address === 480).map((e) => [e.cartridge?.label, e.loaded]),
        [['A00001L8', true]],
      );
      assert.deepEqual((await readdir(dir)).sort(), [STATE_FILE_NAME, 'library-state.journal', 'tapes'].sort(), 'the state file, its journal and the tapes directory');
    } finally {
      await remove();
    }
  });

  it('keeps a jammed cartridge in the picker across a restart', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await open(dir, 'library-24');
      await drainAttentions(lib);
      lib.faults.inject({ kind: 'robot-jam' });
      await send(lib, move(4096, 4100));
      await lib.close();
      lib = await open(dir, 'library-24');
      await drainAttentions(lib);
      assert.equal((await element(lib, 1)).primaryVolumeTag?.volumeIdentifier, 'A00001L8');
      await lib.close();
    } finally {
      await remove();
    }
  });

  it('refuses a corrupt state file, naming it and saying what to do, and leaves it untouched', async () => {
    const { dir, remove } = await tempDir();
    try {
      await (await open(dir, 'library-24')).close();
      const path = join(dir, STATE_FILE_NAME);
      await writeFile(path, '{"format":"changer-virtual-library-state","version":1,"profile":"library-24","elements":[{"address":');
      await assert.rejects(open(dir, 'library-24'), refusedWith('STATE_CORRUPT', path, 'not valid JSON', 'move it aside'));
      assert.ok((await readFile(path, 'utf8')).endsWith('"address":'));
      await writeFile(path, JSON.stringify({ format: 'changer-virtual-library-state', version: 1, profile: 'library-24', elements: [{ address: 9999 }] }));
      await assert.rejects(open(dir, 'library-24'), refusedWith('STATE_CORRUPT', path, 'address 9999'));
    } finally {
      await remove();
    }
  });

  it('refuses a state file of another format version', async () => {
    const { dir, remove } = await tempDir();
    try {
      await writeFile(join(dir, STATE_FILE_NAME), JSON.stringify({ format: 'changer-virtual-library-state', version: 7, profile: 'library-24' }));
      await assert.rejects(open(dir, 'library-24'), refusedWith('STATE_VERSION', join(dir, STATE_FILE_NAME), 'version 7', 'reads version 1'));
    } finally {
      await remove();
    }
  });

  it('refuses to open a library with another profile than it was created with', async () => {
    const { dir, remove } = await tempDir();
    try {
      await (await open(dir, 'library-24')).close();
      await assert.rejects(open(dir, 'library-500'), refusedWith('PROFILE_MISMATCH', '"library-24"', 'profile=library-24'));
    } finally {
      await remove();
    }
  });

  it('lets one process at a time have a library open', async () => {
    const { dir, remove } = await tempDir();
    try {
      const first = await open(dir, 'library-24');
      await assert.rejects(open(dir, 'library-24'), refusedWith('LIBRARY_IN_USE', 'already open'));
      await first.close();
      await (await open(dir, 'library-24')).close();
    } finally {
      await remove();
    }
  });

  it('keeps registrations made with APTPL across a power cycle and a restart; without APTPL they are lost', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await open(dir, 'library-24');
      await drainAttentions(lib);
      const register = (key: bigint, aptpl: boolean): Promise<unknown> =>
        send(lib, buildPersistentReserveOutCdb({ serviceAction: PersistentReserveOutAction.REGISTER }), {
          dataOut: buildPersistentReserveOutParameters({ reservationKey: 0n, serviceActionReservationKey: key, specifyInitiatorPorts: false, allTargetPorts: false, activatePersistThroughPowerLoss: aptpl }),
        });
      await register(0xabcdn, true);
      const keys = async (): Promise<bigint[]> => {
        const r = await send(lib, buildPersistentReserveInCdb({ serviceAction: PersistentReserveInAction.READ_KEYS, allocationLength: 64 }));
        assertGood(r);
        return parseReadKeysData(r.dataIn).keys;
      };
      assert.deepEqual(await keys(), [0xabcdn]);
      await lib.frontPanel.powerCycle();
      await drainAttentions(lib);
      assert.deepEqual(await keys(), [0xabcdn]);
      await lib.close();
      lib = await open(dir, 'library-24');
      await drainAttentions(lib);
      assert.deepEqual(await keys(), [0xabcdn]);
      await register(0n, false); // wrong key: conflict, nothing changes
      assert.deepEqual(await keys(), [0xabcdn]);
      await send(lib, buildPersistentReserveOutCdb({ serviceAction: PersistentReserveOutAction.REGISTER_AND_IGNORE_EXISTING_KEY }), {
        dataOut: buildPersistentReserveOutParameters({ reservationKey: 0n, serviceActionReservationKey: 0x1234n, specifyInitiatorPorts: false, allTargetPorts: false, activatePersistThroughPowerLoss: false }),
      });
      assert.deepEqual(await keys(), [0x1234n]);
      await lib.frontPanel.powerCycle();
      await drainAttentions(lib);
      assert.deepEqual(await keys(), []);
      await lib.close();
    } finally {
      await remove();
    }
  });
});
