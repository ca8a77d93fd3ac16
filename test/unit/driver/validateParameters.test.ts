import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateParameters } from '../../../src/driver/validateParameters.ts';
import { Features0, Features1 } from '../../../src/driver/features.ts';
import type { ChangerParameters } from '../../../src/driver/changerParameters.ts';
import { FULL, MINIMAL } from '../../helpers/parameters.ts';

function rules(p: ChangerParameters): string[] {
  return validateParameters(p).map((v) => v.rule).sort();
}

const withoutF0 = (p: ChangerParameters, f: number): ChangerParameters => ({ ...p, features0: (p.features0 & ~f) >>> 0 });

test('consistent parameters have no violations', () => {
  assert.deepEqual(validateParameters(FULL), []);
  assert.deepEqual(validateParameters(MINIMAL), []);
});

test('NumberCleanerSlots is at most 1', () => {
  assert.deepEqual(rules({ ...MINIMAL, numberCleanerSlots: 2, firstCleanerSlotAddress: 0 }), ['cleaner-slots-max-1']);
});

test('CHANGER_CLEANER_SLOT needs NumberCleanerSlots = 1', () => {
  assert.deepEqual(rules({ ...FULL, numberCleanerSlots: 0, firstCleanerSlotAddress: 0 }), ['cleaner-slot-needs-one']);
});

test('FirstCleanerSlotAddress is 0 without a cleaner slot and one of the slot numbers with one', () => {
  assert.deepEqual(rules({ ...MINIMAL, firstCleanerSlotAddress: 3 }), ['cleaner-address-zero']);
  // FULL: 23 data slots + the cleaner slot, numbered 1..24.
  assert.deepEqual(rules({ ...FULL, firstCleanerSlotAddress: 25 }), ['cleaner-address-range']);
  assert.deepEqual(rules({ ...FULL, firstCleanerSlotAddress: 0 }), ['cleaner-address-range']);
  assert.deepEqual(rules({ ...FULL, firstCleanerSlotAddress: 1 }), []);
});

test('FirstIEPortNumber is 0 when there is no IE port', () => {
  assert.deepEqual(rules({ ...MINIMAL, firstIEPortNumber: 9 }), ['ieport-number-zero']);
});

test('ALIGN_TO_SLOT and ALIGN_TO_DRIVE are exclusive', () => {
  assert.deepEqual(rules({ ...FULL, features1: (FULL.features1 | Features1.PREDISMOUNT_ALIGN_TO_SLOT) >>> 0 }), ['align-exclusive']);
});

test('cleaner flags need DRIVE_CLEANING_REQUIRED', () => {
  const p = withoutF0(FULL, Features0.DRIVE_CLEANING_REQUIRED);
  assert.deepEqual(rules(p), ['autodismount-needs-cleaning', 'cleaner-slot-needs-cleaning']);
  const ops = { ...withoutF0(MINIMAL, 0), features1: Features1.CLEANER_OPS_NOT_SUPPORTED };
  assert.deepEqual(rules(ops), ['cleaner-ops-needs-cleaning']);
});

test('CLEANER_OPS_NOT_SUPPORTED excludes CLEANER_SLOT and CLEANER_AUTODISMOUNT', () => {
  const p = { ...FULL, features1: (FULL.features1 | Features1.CLEANER_OPS_NOT_SUPPORTED) >>> 0 };
  assert.deepEqual(rules(p), ['cleaner-ops-excludes-autodismount', 'cleaner-ops-excludes-slot']);
});

test('every violated rule is returned, not just the first', () => {
  const p = { ...MINIMAL, numberCleanerSlots: 2, firstIEPortNumber: 1, features0: MINIMAL.features0 | Features0.CLEANER_SLOT };
  assert.deepEqual(rules(p), ['cleaner-slot-needs-cleaning', 'cleaner-slot-needs-one', 'cleaner-slots-max-1', 'ieport-number-zero']);
});

test('field ranges, reserved bits and the Features1 marker', () => {
  assert.deepEqual(rules({ ...MINIMAL, numberStorageElements: 70000 }), ['field-range']);
  assert.deepEqual(rules({ ...MINIMAL, moveFromSlot: 0x12 }), ['capability-bits']);
  assert.deepEqual(rules({ ...MINIMAL, features0: (MINIMAL.features0 | 0x80000000) >>> 0 }), ['features0-reserved']);
  assert.deepEqual(rules({ ...MINIMAL, features1: 0x8 }), ['features1-marker']);
  assert.deepEqual(rules({ ...FULL, magazineSize: 0 }), ['magazine-size']);
  // Valid only with their flag: ignored, not wrong, without it.
  assert.deepEqual(rules({ ...MINIMAL, magazineSize: 8, lockUnlockCapabilities: 2, positionCapabilities: 2 }), []);
  assert.deepEqual(rules({ ...MINIMAL, numberTransportElements: 0 }), ['transport-required']);
  assert.deepEqual(rules(withoutF0(MINIMAL, Features0.STORAGE_SLOT)), ['storage-slot']);
});
