import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_PARAMETERS, type ChangerParameters } from '../../../src/driver/changerParameters.ts';
import { elementOf, placeByParameters, placeDisplayNumber, placeOf, placeOnPanel, placeType } from '../../../src/driver/elementPlace.ts';
import { ElementType } from '../../../src/driver/elementType.ts';
import { PLACE_TYPES, placeKey } from '../../../src/shared/place.ts';

// A library that numbers slots from 1 and mailslots from 25, as the front panel does.
const PARAMETERS: ChangerParameters = { ...EMPTY_PARAMETERS, numberStorageElements: 24, numberIEElements: 2, numberDataTransferElements: 2, numberTransportElements: 1, firstSlotNumber: 1, firstIEPortNumber: 25, firstDriveNumber: 0, firstTransportNumber: 0 };

test('every place type is one driver element type and back, with the same zero-based index', () => {
  assert.deepEqual(PLACE_TYPES.map((t) => elementOf({ type: t, index: 3 })), [
    { type: ElementType.Transport, index: 3 }, { type: ElementType.Slot, index: 3 }, { type: ElementType.IEPort, index: 3 }, { type: ElementType.Drive, index: 3 },
  ]);
  for (const t of PLACE_TYPES) assert.deepEqual(placeOf(elementOf({ type: t, index: 7 })), { type: t, index: 7 });
});

test('element types that hold no media have no place', () => {
  assert.equal(placeType(ElementType.Door), undefined);
  assert.equal(placeType(ElementType.Keypad), undefined);
  assert.equal(placeOf({ type: ElementType.AllElements, index: 0 }), undefined);
});

test('a place is named by its display number: First*Number + index', () => {
  assert.equal(placeDisplayNumber(PARAMETERS, { type: 'slot', index: 9 }), 10);
  assert.equal(placeByParameters({ type: 'slot', index: 9 }, PARAMETERS), 'slot:10');
  assert.equal(placeByParameters({ type: 'ieport', index: 1 }, PARAMETERS), 'ieport:26');
  assert.equal(placeByParameters({ type: 'drive', index: 1 }, PARAMETERS), 'drive:1');
  assert.equal(placeByParameters({ type: 'slot', index: 9 }, undefined), 'slot index 9');
});

test('with the catalog rows, the row\'s display number; without a row, the index said as such', () => {
  const rows = [{ type: 'slot', index: 21, displayNumber: 22 }, { type: 'drive', index: 0, displayNumber: 0 }];
  assert.equal(placeOnPanel({ type: 'slot', index: 21 }, rows), 'slot:22');
  assert.equal(placeOnPanel({ type: 'drive', index: 0 }, rows), 'drive:0');
  assert.equal(placeOnPanel({ type: 'slot', index: 30 }, rows), 'slot index 30');
  assert.equal(placeKey({ type: 'slot', index: 21 }), 'slot:21');
});
