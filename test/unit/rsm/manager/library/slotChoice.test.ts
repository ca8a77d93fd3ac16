// Where a cartridge leaving a drive goes: home when free, else the nearest free slot; the cleaner
// slot only for cleaners; nothing another move has reserved.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Medium } from '../../../../../src/rsm/catalog/index.ts';
import { chooseSlot } from '../../../../../src/rsm/manager/library/slotChoice.ts';

function medium(homeSlot: number | null, cleaner = false): Medium {
  return {
    id: 'm', libraryId: 'l', barcode: 'A00001L8', barcodeState: 'ok', mediaType: 'LTO-8', sideCount: 1, alternateBarcode: null, facingSide: 0, poolId: null, state: 'mounted',
    location: { type: 'drive', index: 0 }, homeSlot, mountCount: 1, lastMountedAt: null, errorCount: 0, cleanerUsesRemaining: cleaner ? 5 : null,
    onMediaLabel: null, enabled: true, createdAt: 0, updatedAt: 0,
  };
}

test('home first, then nearest to home, skipping reserved and cleaner slots', () => {
  const free = [0, 3, 7, 8, 9];
  const none = new Set<number>();
  assert.equal(chooseSlot(free, { medium: medium(7), policy: 'home', reserved: none, cleanerSlot: 9 }), 7);
  assert.equal(chooseSlot(free, { medium: medium(7), policy: 'home', reserved: new Set([7]), cleanerSlot: 9 }), 8);
  assert.equal(chooseSlot(free, { medium: medium(5), policy: 'home', reserved: none, cleanerSlot: 9 }), 3);
  assert.equal(chooseSlot(free, { medium: medium(7), policy: 'nearest', reserved: none, cleanerSlot: 9 }), 0);
  assert.equal(chooseSlot([9], { medium: medium(null), policy: 'home', reserved: none, cleanerSlot: 9 }), undefined);
  assert.equal(chooseSlot(free, { medium: medium(null, true), policy: 'home', reserved: none, cleanerSlot: 9 }), 9);
  assert.equal(chooseSlot([], { medium: medium(1), policy: 'home', reserved: none, cleanerSlot: null }), undefined);
});
