// The manager unloads a drive through the drive's own device before the robot pulls from it, also
// on a library that does not require it (no CHANGER_PREDISMOUNT_EJECT_REQUIRED): left to the
// library, the unload happens inside MOVE MEDIUM and holds the robot for the whole unload (24 s
// here, 30 s on the enterprise library) instead of the 8 s of the move.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Nexus, ScsiRequest, ScsiResult } from '../../../../src/scsi/device.ts';
import { embeddedLibrary, embeddedLibraryClock } from '../../../../src/transport/embeddedLibraries.ts';
import { assertConservation } from './conservation.ts';
import { BACKUP, finished, forEachEngine } from './harness.ts';

interface Answering {
  execute(nexus: Nexus, request: ScsiRequest): Promise<ScsiResult>;
}

/** Records the commands a device answered, named as a bus analyser would show them, with how long each took on `clock`. */
function listen(unit: Answering, clock: { now(): number }, name: (cdb: Uint8Array) => string | undefined, seen: string[]): void {
  const execute = unit.execute.bind(unit);
  unit.execute = async (nexus, request) => {
    const started = clock.now();
    const result = await execute(nexus, request);
    const what = name(request.cdb);
    if (what !== undefined && result.status === 0) seen.push(`${what}: ${(clock.now() - started) / 1000} s`);
    return result;
  };
}

forEachEngine('manager dismounts', (h) => {
  test('a dismount on a library that needs no predismount eject: the drive is unloaded through its device, then the robot moves a cartridge that is already out', async () => {
    const { manager, deviceUrl } = await h.start({ profile: 'library-24' });
    const library = embeddedLibrary(deviceUrl);
    const clock = embeddedLibraryClock(deviceUrl);
    assert.ok(library !== undefined && clock !== undefined);
    assert.equal(library.profile.features.predismountEjectRequired, false);
    await finished(manager, await manager.mount({ library: 'lib0', barcode: 'A00001L8', drive: 1 }, BACKUP));

    const seen: string[] = [];
    const [driveAddress] = library.addresses('drive').slice(1);
    listen(library.drives[1] as Answering, clock, (cdb) => (cdb[0] === 0x1b && ((cdb[4] ?? 0) & 1) === 0 ? 'drive 1 UNLOAD' : undefined), seen);
    listen(library.device, clock, (cdb) => {
      if (cdb[0] !== 0xa5) return undefined;
      const source = ((cdb[4] ?? 0) << 8) | (cdb[5] ?? 0);
      return `MOVE MEDIUM from ${source === driveAddress ? 'drive 1' : `element ${source}`}`;
    }, seen);

    const dismount = await finished(manager, await manager.dismount({ library: 'lib0', barcode: 'A00001L8' }, BACKUP));
    assert.equal(dismount.state, 'completed');
    // The drive's 24 s unload, then the robot's 8 s move alone (left to the library: one 32 s MOVE).
    assert.deepEqual(seen, ['drive 1 UNLOAD: 24 s', 'MOVE MEDIUM from drive 1: 8 s']);
    await assertConservation(manager, 'lib0', deviceUrl);
  });
});
