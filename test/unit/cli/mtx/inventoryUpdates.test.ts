import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterExchange, afterMove } from '../../../../src/cli/mtx/inventoryUpdates.ts';
import { buildInventory } from '../../../../src/cli/mtx/mtxInventory.ts';
import { formatStatus } from '../../../../src/cli/mtx/statusText.ts';
import { ElementStatusFlags as F, ExceptionCode, type ElementStatus } from '../../../../src/driver/elementStatus.ts';
import { ElementType as T } from '../../../../src/driver/elementType.ts';
import { initialContents, tgtStatuses } from './tgtLibrary.ts';

/** A device that, unlike tgt, reports no tag field for an empty element. */
function plain(type: T, index: number, tag: string | null): ElementStatus {
  return {
    element: { type, index }, sourceElement: undefined, flags: tag === null ? 0 : F.FULL | F.PVOLTAG, exceptionCode: ExceptionCode.None,
    targetId: 0, lun: 0, primaryVolumeId: tag ?? undefined, alternateVolumeId: undefined, driveIdentity: undefined,
  };
}

test('after a move the remembered status reads as a fresh one would, for either way of reporting empty elements', () => {
  const tgt = buildInventory(tgtStatuses(initialContents()));
  const c = initialContents();
  c.slots[2] = null;
  c.drives[0] = { tag: 'TST003L6', from: { type: T.Slot, index: 2 } };
  assert.equal(formatStatus('d', afterMove(tgt, { kind: 'slot', index: 2 }, { kind: 'drive', index: 0 })), formatStatus('d', buildInventory(tgtStatuses(c))));

  const before = buildInventory([plain(T.Drive, 0, null), plain(T.Slot, 0, 'A'), plain(T.Slot, 1, null)]);
  const moved = afterMove(before, { kind: 'slot', index: 0 }, { kind: 'slot', index: 1 });
  assert.equal(formatStatus('d', moved), formatStatus('d', buildInventory([plain(T.Drive, 0, null), plain(T.Slot, 0, null), plain(T.Slot, 1, 'A')])));
});

test('exchange: a swap, and a rotation through a third slot', () => {
  const inv = buildInventory([plain(T.Drive, 0, null), plain(T.Slot, 0, 'A'), plain(T.Slot, 1, 'B'), plain(T.Slot, 2, null)]);
  const tags = (i: typeof inv) => i.slots.map((s) => (s.full ? s.primaryTag : '-'));
  assert.deepEqual(tags(afterExchange(inv, { kind: 'slot', index: 0 }, { kind: 'slot', index: 1 }, { kind: 'slot', index: 0 })), ['B', 'A', '-']);
  assert.deepEqual(tags(afterExchange(inv, { kind: 'slot', index: 0 }, { kind: 'slot', index: 1 }, { kind: 'slot', index: 2 })), ['-', 'A', 'B']);
});
