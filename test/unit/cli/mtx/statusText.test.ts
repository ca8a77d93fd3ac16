import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildInventory } from '../../../../src/cli/mtx/mtxInventory.ts';
import { formatStatus, mtxTagText } from '../../../../src/cli/mtx/statusText.ts';
import { ElementStatusFlags as F, ExceptionCode, type ElementStatus } from '../../../../src/driver/elementStatus.ts';
import { ElementType as T } from '../../../../src/driver/elementType.ts';
import type { ChangerElement } from '../../../../src/driver/changerElement.ts';
import { initialContents, sample, tgtStatuses } from './tgtLibrary.ts';

const DEVICE = 'virtual:/srv/lib?profile=library-24';

/** The sample with mtx's device name replaced by ours: everything else must match byte for byte. */
function expected(name: string): string {
  return sample(name).replace('/dev/sg0', DEVICE);
}

test('status of the sample library equals real mtx output (tgt-mtx-2-status.txt) byte for byte', () => {
  assert.equal(formatStatus(DEVICE, buildInventory(tgtStatuses(initialContents()))), expected('tgt-mtx-2-status.txt'));
});

test('status with slot 3 loaded into drive 0 equals tgt-mtx-4-status.txt byte for byte', () => {
  const c = initialContents();
  c.slots[2] = null;
  c.drives[0] = { tag: 'TST003L6', from: { type: T.Slot, index: 2 } };
  assert.equal(formatStatus(DEVICE, buildInventory(tgtStatuses(c))), expected('tgt-mtx-4-status.txt'));
});

test('status after transfer 1 5 equals tgt-mtx-7-status.txt byte for byte', () => {
  const c = initialContents();
  c.slots[0] = null;
  c.slots[4] = 'TST001L6';
  assert.equal(formatStatus(DEVICE, buildInventory(tgtStatuses(c))), expected('tgt-mtx-7-status.txt'));
});

function el(type: T, index: number, full: boolean, tag?: string, from?: ChangerElement, alt?: string): ElementStatus {
  return {
    element: { type, index },
    sourceElement: from,
    flags: (full ? F.FULL : 0) | (from ? F.SVALID : 0) | (tag !== undefined ? F.PVOLTAG : 0) | (alt !== undefined ? F.AVOLTAG : 0),
    exceptionCode: ExceptionCode.None,
    targetId: 0,
    lun: 0,
    primaryVolumeId: tag,
    alternateVolumeId: alt,
    driveIdentity: undefined,
  };
}

const slot = (i: number): ChangerElement => ({ type: T.Slot, index: i });

test('no tag field: bare "Full " with its trailing space, "Empty" alone, and the drive without a tag', () => {
  const text = formatStatus('/dev/sg5', buildInventory([el(T.Drive, 0, true, undefined, slot(1)), el(T.Slot, 0, true), el(T.Slot, 1, false)]));
  assert.equal(text, [
    '  Storage Changer /dev/sg5:1 Drives, 2 Slots ( 0 Import/Export )',
    'Data Transfer Element 0:Full (Storage Element 2 Loaded)',
    '      Storage Element 1:Full ',
    '      Storage Element 2:Empty',
    '',
  ].join('\n'));
});

test('alternate volume tags: " = " on drive lines, "=" on storage lines, both padded to 32', () => {
  const text = formatStatus('d', buildInventory([el(T.Drive, 0, true, 'DISC01A', slot(0), 'DISC01B'), el(T.Slot, 0, false, '', undefined, ''), el(T.Slot, 1, true, 'DISC02A', undefined, 'DISC02B')]));
  const lines = text.split('\n');
  assert.equal(lines[1], `Data Transfer Element 0:Full (Storage Element 1 Loaded):VolumeTag = ${'DISC01A'.padEnd(32)}:AlternateVolumeTag = ${'DISC01B'.padEnd(32)}`);
  assert.equal(lines[2], `      Storage Element 1:Empty:VolumeTag=${' '.repeat(32)}:AlternateVolumeTag=${' '.repeat(32)}`);
  assert.equal(lines[3], `      Storage Element 2:Full :VolumeTag=${'DISC02A'.padEnd(32)}:AlternateVolumeTag=${'DISC02B'.padEnd(32)}`);
});

test('import/export ports come after every storage slot and are counted in the header', () => {
  const text = formatStatus('d', buildInventory([el(T.IEPort, 1, false), el(T.Slot, 1, true, 'B'), el(T.IEPort, 0, true, 'C'), el(T.Slot, 0, false), el(T.Drive, 0, false)]));
  assert.equal(text, [
    '  Storage Changer d:1 Drives, 4 Slots ( 2 Import/Export )',
    'Data Transfer Element 0:Empty',
    '      Storage Element 1:Empty',
    `      Storage Element 2:Full :VolumeTag=${'B'.padEnd(32)}`,
    `      Storage Element 3 IMPORT/EXPORT:Full :VolumeTag=${'C'.padEnd(32)}`,
    '      Storage Element 4 IMPORT/EXPORT:Empty',
    '',
  ].join('\n'));
});

test('"Loaded" is derived: a source slot that is full now is replaced by the first empty storage slot (pass 2)', () => {
  // The HERA sample: drive 0 came from slot 8 (empty), drive 1 says slot 2, which holds a
  // cartridge; pass 2 gives drive 1 the first empty slot, 8 again.
  const statuses = [
    el(T.Drive, 0, true, '042142L9', slot(7)),
    el(T.Drive, 1, true, 'HER002L9', slot(1)),
    ...Array.from({ length: 10 }, (_, i) => el(T.Slot, i, i !== 7, i !== 7 ? `HER0${i}L9` : undefined)),
  ];
  const lines = formatStatus('/dev/sg25', buildInventory(statuses)).split('\n');
  assert.match(lines[1]!, /^Data Transfer Element 0:Full \(Storage Element 8 Loaded\):VolumeTag = 042142L9 +$/);
  assert.match(lines[2]!, /^Data Transfer Element 1:Full \(Storage Element 8 Loaded\):VolumeTag = HER002L9 +$/);
});

test('"Loaded": no source reported → first empty storage slot in order, import/export ports never; none left → Unknown', () => {
  const statuses = [
    el(T.Drive, 0, true, 'A'),
    el(T.Drive, 1, true, 'B', { type: T.Drive, index: 0 }),
    el(T.Drive, 2, true, 'C'),
    el(T.Slot, 0, true, 'D'),
    el(T.Slot, 1, false),
    el(T.Slot, 2, false),
    el(T.IEPort, 0, false),
  ];
  const lines = formatStatus('d', buildInventory(statuses)).split('\n');
  assert.match(lines[1]!, /^Data Transfer Element 0:Full \(Storage Element 2 Loaded\)/);
  assert.match(lines[2]!, /^Data Transfer Element 1:Full \(Storage Element 3 Loaded\)/);
  assert.match(lines[3]!, /^Data Transfer Element 2:Full \(Unknown Storage Element Loaded\):VolumeTag = C/);
});

test('a drive loaded from the mailslot shows the mailslot number when it is empty', () => {
  const statuses = [el(T.Drive, 0, true, 'X', { type: T.IEPort, index: 0 }), el(T.Slot, 0, false), el(T.IEPort, 0, false)];
  assert.match(formatStatus('d', buildInventory(statuses)), /Data Transfer Element 0:Full \(Storage Element 2 Loaded\)/);
});

test('tags are cut where mtx turns bytes into NULs, and padded where the device padded them', () => {
  assert.equal(mtxTagText(undefined), undefined);
  assert.equal(mtxTagText(''), ' '.repeat(32));
  assert.equal(mtxTagText('ABC123L8'), 'ABC123L8' + ' '.repeat(24));
  assert.equal(mtxTagText('AB\u0000CD'), 'AB');
  assert.equal(mtxTagText('\u0001X'), undefined);
  assert.equal(mtxTagText('X'.repeat(36)), 'X'.repeat(36));
});
