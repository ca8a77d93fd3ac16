import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildInventory } from '../../../../src/cli/mtx/mtxInventory.ts';
import { formatStatus } from '../../../../src/cli/mtx/statusText.ts';
import { ElementType as T } from '../../../../src/driver/elementType.ts';
import { amandaStatus, baculaList, baculaListall, baculaLoaded, baculaSlots } from './backupContracts.ts';
import { initialContents, sample, tgtStatuses, type TgtContents } from './tgtLibrary.ts';

function statusOf(c: TgtContents): string {
  return formatStatus('/dev/sg0', buildInventory(tgtStatuses(c)));
}

function loaded3(): TgtContents {
  const c = initialContents();
  c.slots[2] = null;
  c.drives[0] = { tag: 'TST003L6', from: { type: T.Slot, index: 2 } };
  return c;
}

function transferred(): TgtContents {
  const c = initialContents();
  c.slots[0] = null;
  c.slots[4] = 'TST001L6';
  return c;
}

// The bacula-mtx-changer-N samples are the real script's output over real mtx; the same
// parsing over our status text must give the same bytes.
test('Bacula slots: the header\'s total, import/export included (bacula-mtx-changer-1-slots.txt)', () => {
  assert.equal(baculaSlots(statusOf(initialContents())), sample('bacula-mtx-changer-1-slots.txt'));
});

test('Bacula list: storage cartridges, then the loaded drive\'s source:barcode (samples 2 and 7)', () => {
  assert.equal(baculaList(statusOf(initialContents())), sample('bacula-mtx-changer-2-list.txt'));
  assert.equal(baculaList(statusOf(loaded3())), sample('bacula-mtx-changer-7-list.txt'));
});

test('Bacula listall: D/S/I lines with padded tags, byte for byte (samples 3, 8 and 12)', () => {
  assert.equal(baculaListall(statusOf(initialContents())), sample('bacula-mtx-changer-3-listall.txt'));
  assert.equal(baculaListall(statusOf(loaded3())), sample('bacula-mtx-changer-8-listall.txt'));
  assert.equal(baculaListall(statusOf(transferred())), sample('bacula-mtx-changer-12-listall.txt'));
});

test('Bacula loaded: the source slot of the drive, or 0 (samples 4, 6 and 10)', () => {
  assert.equal(baculaLoaded(statusOf(initialContents()), 0), sample('bacula-mtx-changer-4-loaded.txt'));
  assert.equal(baculaLoaded(statusOf(loaded3()), 0), sample('bacula-mtx-changer-6-loaded.txt'));
  assert.equal(baculaLoaded(statusOf(loaded3()), 1), '0\n');
});

test('Amanda chg-robot: drives, their source slots and barcodes, slots and the mailslot', () => {
  const { drives, slots } = amandaStatus(statusOf(loaded3()));
  assert.deepEqual(drives, [
    { drive: 0, state: 'Full', barcode: 'TST003L6', origSlot: 3 },
    { drive: 1, state: 'Empty', barcode: undefined, origSlot: undefined },
  ]);
  assert.equal(slots.length, 21);
  assert.deepEqual(slots[0], { slot: 1, importExport: false, state: 'Full', barcode: 'TST001L6' });
  // tgt reports a blank tag for an empty slot; chg-robot's \S+ finds no barcode in it.
  assert.deepEqual(slots[2], { slot: 3, importExport: false, state: 'Empty', barcode: undefined });
  assert.deepEqual(slots[20], { slot: 21, importExport: true, state: 'Full', barcode: 'IMP001L6' });
});
