import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Features0, Features1, features0Names, features1Names, features1Word, hasFeature } from '../../../src/driver/features.ts';

test('Features1 constants keep the 0x80000000 marker', () => {
  for (const [name, value] of Object.entries(Features1)) assert.equal(value >>> 31, 1, name);
  assert.equal(Features1.PREDISMOUNT_ALIGN_TO_SLOT, 0x80000001);
  assert.equal(Features1.MOVE_RETRACTS_IEPORT, 0x80000400);
});

test('a Features1 flag is set only when its own bit is set, not merely the marker', () => {
  const word = features1Word(Features1.TRUE_EXCHANGE_CAPABLE);
  assert.equal(word, 0x80000008);
  assert.equal(hasFeature(word, Features1.TRUE_EXCHANGE_CAPABLE), true);
  // The naive test (word & F) !== 0 would say yes here, because of the marker.
  assert.notEqual(word & Features1.SLOTS_USE_TRAYS, 0);
  assert.equal(hasFeature(word, Features1.SLOTS_USE_TRAYS), false);
  assert.deepEqual(features1Names(word), ['TRUE_EXCHANGE_CAPABLE']);
});

test('a Features1 word without the marker has no Features1 flags', () => {
  assert.equal(hasFeature(0x00000008, Features1.TRUE_EXCHANGE_CAPABLE), false);
  assert.deepEqual(features1Names(0x8), []);
});

test('Features0 values are those of ntddchgr.h', () => {
  assert.equal(Features0.BAR_CODE_SCANNER_INSTALLED, 0x1);
  assert.equal(Features0.EXCHANGE_MEDIA, 0x20);
  assert.equal(Features0.POSITION_TO_ELEMENT, 0x400);
  assert.equal(Features0.PREDISMOUNT_EJECT_REQUIRED, 0x20000);
  assert.equal(Features0.VOLUME_IDENTIFICATION, 0x100000);
  assert.equal(Features0.DEVICE_REINITIALIZE_CAPABLE, 0x08000000);
  assert.equal(Features0.DRIVE_EMPTY_ON_DOOR_ACCESS, 0x20000000);
  assert.deepEqual(features0Names(0x20 | 0x400 | 0x80000000), ['EXCHANGE_MEDIA', 'POSITION_TO_ELEMENT']);
});
