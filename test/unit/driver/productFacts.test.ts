// The miniclass's fact table must describe the five emulated products as their profiles build
// them: what SCSI cannot say (doors, magazines, cleaner slot, cleaning time, behaviours) is
// hard-coded per product there, and a profile change that the table does not follow would make
// GET_CHANGER_PARAMETERS lie about the emulated library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { factsFor, type ProductFacts } from '../../../src/driver/smc/productFacts.ts';
import { BUILT_IN_PROFILES, loadProfile } from '../../../src/emulator/profiles.ts';
import type { Profile } from '../../../src/emulator/profile.ts';

/** The facts a profile implies, in the fact table's terms. */
function factsOfProfile(p: Profile): Partial<ProductFacts> {
  const removable = p.magazines.filter((m) => m.removable).map((m) => m.name);
  const slotsIn = (name: string): number => p.slots.filter((r) => r.magazine === name).reduce((n, r) => n + r.count, 0);
  const allSlots = p.slots.reduce((n, r) => n + r.count, 0);
  // "A changer's door can be a physical front door or a single magazine that contains all media."
  const magazineIsDoor = removable.length === 1 && slotsIn(removable[0] ?? '') === allSlots;
  const slotAddresses = p.slots.flatMap((r) => Array.from({ length: r.count }, (_, k) => r.first + k)).sort((a, b) => a - b);
  const firstSlotNumber = factsFor(p.inquiry.vendor, p.inquiry.product).firstSlotNumber;
  return {
    doors: p.features.door || magazineIsDoor ? 1 : 0,
    magazineSize: removable.length > 0 ? slotsIn(removable[0] ?? '') : 0,
    driveCleaningRequired: p.features.drivesNeedCleaning,
    cleaningSeconds: p.timings.driveCleanMs / 1000,
    predismountEjectRequired: p.features.predismountEjectRequired,
    premountEjectRequired: false,
    cleanerSlotNumber: p.cleanerSlot === undefined ? null : firstSlotNumber + slotAddresses.indexOf(p.cleanerSlot),
    statusNonVolatile: p.features.statusNonVolatile,
    cleanerAccessNotValid: p.features.cleanerAccessNotValid,
    keypadLock: p.features.keypadLock,
    driveEmptyOnDoorAccess: p.features.drivesEmptyOnDoorAccess,
    volumeTagActions: p.features.volumeTagActions,
  };
}

for (const name of BUILT_IN_PROFILES) {
  test(`the fact table's entry for ${name} agrees with its profile`, async () => {
    const profile = await loadProfile(name);
    const implied = factsOfProfile(profile);
    const facts = factsFor(profile.inquiry.vendor, profile.inquiry.product);
    const fromTable = Object.fromEntries(Object.keys(implied).map((k) => [k, facts[k as keyof ProductFacts]]));
    assert.deepEqual(fromTable, implied);
  });
}

test('an unknown product gets the defaults: one door, cleaning required, 300 s cleaning, no cleaner slot', () => {
  const f = factsFor('ACME', 'ROBOT 9000');
  assert.deepEqual([f.doors, f.driveCleaningRequired, f.cleaningSeconds, f.cleanerSlotNumber, f.firstSlotNumber], [1, true, 300, null, 1]);
});
