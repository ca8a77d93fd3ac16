/**
 * A drive loads on its own time once the robot has inserted the cartridge: on a library whose
 * MOVE MEDIUM completes on insertion (library-500) the robot takes its next command while the
 * drive threads, and the drive's host sees it ready later; on one whose MOVE completes after the
 * load (library-24) the command still waits for the drive, as before.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMoveMediumCdb } from '../../../src/scsi/index.ts';
import { assertGood, drainAttentions, element, openTestLibrary, send } from './helpers.ts';

function move(source: number, destination: number, transport = 0): Uint8Array {
  return buildMoveMediumCdb({ transportElementAddress: transport, sourceAddress: source, destinationAddress: destination });
}

describe('drive load beside the robot (features.moveIntoDriveCompletes)', () => {
  it('library-500: MOVE into a drive returns on insertion, the same robot moves again at once, the drive is ready after its load', async () => {
    // library-500: robots at transport 1 and 2 (BUSY policy), drives 500–511, slots 1000–1499; move 10 s, load 19 s.
    const { lib, clock } = await openTestLibrary('library-500');
    await drainAttentions(lib);
    const t0 = clock.now();
    assertGood(await send(lib, move(1000, 500, 1)));
    assert.equal(clock.now() - t0, 10_000);
    assert.equal((await element(lib, 500)).full, true);
    let readyAt = -1;
    const ready = lib.frontPanel.driveReady(0).then(() => (readyAt = clock.now() - t0));
    assertGood(await send(lib, move(1001, 501, 1))); // the robot is free while drive 0 loads: no BUSY
    assert.equal(clock.now() - t0, 20_000);
    await ready;
    assert.equal(readyAt, 29_000);
    await lib.frontPanel.driveReady(1);
    assert.equal(clock.now() - t0, 39_000);
  });

  it('library-500: an eject while the drive loads stops the load and unloads (drive unload time)', async () => {
    const { lib, clock } = await openTestLibrary('library-500');
    await drainAttentions(lib);
    assertGood(await send(lib, move(1000, 500)));
    const t0 = clock.now();
    await lib.frontPanel.ejectDrive(0);
    assert.equal(clock.now() - t0, 24_000);
    assert.equal((await element(lib, 500)).access, true);
    assertGood(await send(lib, move(500, 1000)));
  });

  it('library-24: MOVE into a drive still returns after the load, and the drive is ready then', async () => {
    const { lib, clock } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const t0 = clock.now();
    assertGood(await send(lib, move(4096, 256)));
    assert.equal(clock.now() - t0, 8000 + 15_000);
    await lib.frontPanel.driveReady(0);
    assert.equal(clock.now() - t0, 8000 + 15_000);
  });

  it('library-500: twelve drives unloading at once wait on the power without a MaxListenersExceededWarning', async () => {
    // Every mechanical wait listens for a power loss on the library's one power signal: twelve
    // drives unloading at once are more than EventTarget's default of 10.
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const { lib } = await openTestLibrary('library-500');
      await drainAttentions(lib);
      // Each robot in turn (BUSY policy); a MOVE returns on insertion, so the drives load together.
      const full = lib.contents().map((c) => c.address).filter((a) => a >= 1000).sort((a, b) => a - b);
      const robot = async (transport: number): Promise<void> => {
        for (let k = transport - 1; k < 12; k += 2) assertGood(await send(lib, move(full[k] as number, 500 + k, transport)));
      };
      await Promise.all([robot(1), robot(2)]);
      await Promise.all(Array.from({ length: 12 }, (_, k) => lib.frontPanel.driveReady(k)));
      await Promise.all(Array.from({ length: 12 }, (_, k) => lib.frontPanel.ejectDrive(k)));
      assert.equal((await element(lib, 511)).access, true);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      assert.deepEqual(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning')), []);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('refuses a drive that does not exist', async () => {
    const { lib } = await openTestLibrary('library-24');
    await assert.rejects(lib.frontPanel.driveReady(7), /no drive 7/);
  });
});
