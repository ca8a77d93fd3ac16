/**
 * How long the manager takes to find a loaded drive ready, and how many TEST UNIT READY it sends
 * for it (DriveDevices.settle with loadPolling.ts), on library-500's LTO-8 drive: the robot lets
 * go at insertion and the drive threads for 19 s on the library's virtual clock. The first load is
 * polled every second; the next ones from 500 ms before the load time learned, every 100 ms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DriveDevices } from '../../../../src/rsm/manager/library/driveDevices.ts';
import { drive, openTapeStack, slot, type TapeStack } from '../../driver/tapeStack.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const TEST_UNIT_READY = 0x00;

describe('a loading drive, polled by the manager', () => {
  let stack: TapeStack;
  let drives: DriveDevices;
  let asked = 0;

  before(async () => {
    stack = await openTapeStack('library-500');
    const [first] = await stack.changer.getElementStatus({ element: drive(0), count: 1, volumeTagInfo: false });
    drives = await DriveDevices.discover(stack.url, [{ index: 0, serialNumber: first?.driveIdentity?.serialNumber }], stack.library.clock, quiet);
    // Open the drive's device now: its opening waits on I/O, during which the virtual clock may run on.
    await drives.tapeAlerts(0);
    const unit = stack.library.drives[0];
    if (unit === undefined) throw new Error('library-500 has no drive 0');
    const run = unit.execute.bind(unit);
    unit.execute = (nexus, request) => {
      if (request.cdb[0] === TEST_UNIT_READY) asked++;
      return run(nexus, request);
    };
  });

  after(async () => {
    await drives?.close();
    await stack?.close();
  });

  /** Slot 0's cartridge into drive 0, settled, unloaded and put back: ms from insertion to settled, and the TURs sent. */
  async function mount(): Promise<{ readyAfterMs: number; testUnitReadys: number }> {
    await stack.move(slot(0), drive(0));
    const inserted = stack.library.clock.now();
    asked = 0;
    await drives.settle(0);
    const result = { readyAfterMs: stack.library.clock.now() - inserted, testUnitReadys: asked };
    await drives.unload(0);
    await stack.move(drive(0), slot(0));
    return result;
  }

  // Each count includes the one command the drive's unit attention (not ready to ready) takes.
  it('asks every second during the first load (21 commands), then once at insertion and every 100 ms from 18.5 s (8)', async () => {
    assert.deepEqual(await mount(), { readyAfterMs: 19_000, testUnitReadys: 21 });
    assert.deepEqual(await mount(), { readyAfterMs: 19_000, testUnitReadys: 8 });
    assert.deepEqual(await mount(), { readyAfterMs: 19_000, testUnitReadys: 8 });
  });
});
