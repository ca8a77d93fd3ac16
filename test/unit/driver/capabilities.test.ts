import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canExchange, canLock, canMove, canPosition, canPositionToDrive, ChangerTo, LockUnlock } from '../../../src/driver/capabilities.ts';
import { ElementType } from '../../../src/driver/elementType.ts';
import { Features0 } from '../../../src/driver/features.ts';
import { FULL, MINIMAL } from '../../helpers/parameters.ts';

test('CHANGER_TO_* bits equal the SMC capabilities page bits MT, ST, I/E, DT', () => {
  assert.deepEqual([ChangerTo.TRANSPORT, ChangerTo.SLOT, ChangerTo.IEPORT, ChangerTo.DRIVE], [1, 2, 4, 8]);
  assert.deepEqual([LockUnlock.IEPORT, LockUnlock.DOOR, LockUnlock.KEYPAD], [1, 2, 4]);
});

test('canMove reads the MoveFrom byte of the source type', () => {
  assert.equal(canMove(MINIMAL, ElementType.Slot, ElementType.Drive), true);
  assert.equal(canMove(MINIMAL, ElementType.Drive, ElementType.Slot), true);
  assert.equal(canMove(MINIMAL, ElementType.Drive, ElementType.Drive), false);
  assert.equal(canMove(MINIMAL, ElementType.Slot, ElementType.IEPort), false);
  assert.equal(canMove(FULL, ElementType.IEPort, ElementType.Transport), true);
});

test('canExchange needs CHANGER_EXCHANGE_MEDIA as well as the ExchangeFrom byte', () => {
  assert.equal(canExchange(FULL, ElementType.Slot, ElementType.Drive), true);
  assert.equal(canExchange({ ...FULL, features0: FULL.features0 & ~Features0.EXCHANGE_MEDIA }, ElementType.Slot, ElementType.Drive), false);
  assert.equal(canExchange({ ...FULL, exchangeFromSlot: ChangerTo.SLOT }, ElementType.Slot, ElementType.Drive), false);
});

test('canLock needs CHANGER_LOCK_UNLOCK and the element type bit', () => {
  assert.equal(canLock(FULL, ElementType.Door), true);
  assert.equal(canLock({ ...FULL, lockUnlockCapabilities: LockUnlock.IEPORT }, ElementType.Door), false);
  assert.equal(canLock({ ...FULL, features0: FULL.features0 & ~Features0.LOCK_UNLOCK }, ElementType.IEPort), false);
  assert.equal(canLock(FULL, ElementType.Slot), false);
  assert.equal(canLock(MINIMAL, ElementType.Door), false);
});

test('canPosition and canPositionToDrive need CHANGER_POSITION_TO_ELEMENT and the position byte', () => {
  assert.equal(canPositionToDrive(FULL), true);
  assert.equal(canPosition(FULL, ElementType.Transport), false);
  assert.equal(canPositionToDrive({ ...FULL, positionCapabilities: ChangerTo.SLOT }), false);
  assert.equal(canPositionToDrive(MINIMAL), false);
});
