// What a profile's GET_CHANGER_PARAMETERS flags promise, the emulated library does: the door stays
// shut while drives hold cartridges, ACCESS is clear for a drive holding a cleaner, non-volatile
// element status needs no inventory after power-on, the cleaning cycle takes the profile's
// cleaning time, and the command set reports only the action codes the model accepts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ElementTypeCode,
  ReportingOptions,
  buildExchangeMediumCdb,
  buildMoveMediumCdb,
  buildPreventAllowMediumRemovalCdb,
  buildReportSupportedOperationCodesCdb,
  buildSendVolumeTagCdb,
  buildSendVolumeTagParameters,
  parseOneCommandData,
} from '../../../src/scsi/index.ts';
import { FrontPanelError } from '../../../src/emulator/index.ts';
import { assertGood, assertSense, drainAttentions, element, openTestLibrary as openWithAttentions, send, type TestLibrary } from './helpers.ts';

/** A library on a virtual clock whose power-on unit attention has been taken. */
async function openTestLibrary(profile: string): Promise<TestLibrary> {
  const t = await openWithAttentions(profile);
  await drainAttentions(t.lib);
  return t;
}

const move = (source: number, destination: number): Buffer => buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: source, destinationAddress: destination });

describe('profile behaviours behind the GET_CHANGER_PARAMETERS flags', () => {
  it('library-500 (CHANGER_DRIVE_EMPTY_ON_DOOR_ACCESS): the door opens with every drive empty, not while one holds a cartridge', async () => {
    const { lib } = await openTestLibrary('library-500');
    try {
      await lib.frontPanel.openDoor();
      await lib.frontPanel.closeDoor();
      await drainAttentions(lib);
      assertGood(await send(lib, move(1000, 500)));
      await assert.rejects(lib.frontPanel.openDoor(), (e: unknown) => {
        assert.ok(e instanceof FrontPanelError);
        assert.equal(e.code, 'DRIVES_NOT_EMPTY');
        assert.equal(e.message, 'the door stays locked while drives hold cartridges (drive 0); have the host move them back to their slots first');
        return true;
      });
    } finally {
      await lib.close();
    }
  });

  it('library-24 (CHANGER_KEYPAD_ENABLE_DISABLE): PREVENT MEDIUM REMOVAL locks the keypad until ALLOW', async () => {
    const { lib } = await openTestLibrary('library-24');
    try {
      assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: true })));
      await assert.rejects(lib.frontPanel.inventoryFromKeypad(), (e: unknown) => e instanceof FrontPanelError && e.code === 'KEYPAD_LOCKED');
      assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: false })));
      await lib.frontPanel.inventoryFromKeypad();
    } finally {
      await lib.close();
    }
  });

  it('library-500 (CHANGER_CLEANER_ACCESS_NOT_VALID): a drive holding a cleaner reports ACCESS clear; library-24 reports it set', async () => {
    const { lib } = await openTestLibrary('library-500');
    try {
      assertGood(await send(lib, move(1490, 501)));
      const drive = await element(lib, 501);
      assert.deepEqual([drive.full, drive.access], [true, false]);
    } finally {
      await lib.close();
    }
    const small = await openTestLibrary('library-24');
    try {
      assertGood(await send(small.lib, move(4116, 257)));
      const drive = await element(small.lib, 257);
      assert.deepEqual([drive.full, drive.access], [true, true]);
    } finally {
      await small.lib.close();
    }
  });

  it('enterprise-10000 (CHANGER_STATUS_NON_VOLATILE) is ready right after its power-on self test; library-24 inventories first', async () => {
    for (const [profile, nonVolatile] of [['enterprise-10000', true], ['library-24', false]] as const) {
      const { lib, clock } = await openTestLibrary(profile);
      try {
        const start = clock.now();
        await lib.frontPanel.powerCycle();
        const took = clock.now() - start;
        if (nonVolatile) assert.equal(took, lib.profile.timings.powerOnMs, profile);
        else assert.ok(took > lib.profile.timings.powerOnMs, `${profile}: ${took} ms`);
      } finally {
        await lib.close();
      }
    }
  });

  it('a cleaning cycle takes the profile\'s cleaning time on the library clock (library-24: 90 s)', async () => {
    const { lib, clock } = await openTestLibrary('library-24');
    try {
      assertGood(await send(lib, move(4116, 256)));
      const start = clock.now();
      await lib.frontPanel.driveReady(0);
      assert.equal(clock.now() - start, 90_000);
      assert.equal(lib.profile.timings.driveCleanMs, 90_000);
    } finally {
      await lib.close();
    }
  });

  it('autoloader-8 translates volume tags only: ASSERT is 05/24/00, and REPORT SUPPORTED OPERATION CODES says so in the action field', async () => {
    const { lib } = await openTestLibrary('autoloader-8');
    try {
      const parameters = buildSendVolumeTagParameters({ volumeIdentificationTemplate: 'NEW001', minimumSequenceNumber: 0, maximumSequenceNumber: 0 });
      const assertTag = buildSendVolumeTagCdb({ elementType: ElementTypeCode.STORAGE, elementAddress: 32, sendActionCode: 0x8, parameterListLength: parameters.length });
      assertSense(await send(lib, assertTag, { dataOut: parameters }), 0x5, 0x24, 0x00);
      const translate = buildSendVolumeTagCdb({ elementType: ElementTypeCode.STORAGE, elementAddress: 32, sendActionCode: 0x5, parameterListLength: parameters.length });
      assertGood(await send(lib, translate, { dataOut: buildSendVolumeTagParameters({ volumeIdentificationTemplate: 'A*', minimumSequenceNumber: 0, maximumSequenceNumber: 0 }) }));
      const usage = await send(lib, buildReportSupportedOperationCodesCdb({ reportingOptions: ReportingOptions.OPCODE, requestedOperationCode: 0xb6, allocationLength: 64 }), { dataInLength: 64 });
      assert.equal(parseOneCommandData(usage.dataIn).cdbUsage[5], 0x05, 'send action codes 0, 1, 4 and 5');
    } finally {
      await lib.close();
    }
  });

  it('OPEN/CLOSE IMPORT/EXPORT ELEMENT: the action field allows CLOSE only where the host may close (library-24 no, library-500 yes)', async () => {
    for (const [profile, closes] of [['library-24', 0x00], ['library-500', 0x01]] as const) {
      const { lib } = await openTestLibrary(profile);
      try {
        const usage = await send(lib, buildReportSupportedOperationCodesCdb({ reportingOptions: ReportingOptions.OPCODE, requestedOperationCode: 0x1b, allocationLength: 64 }), { dataInLength: 64 });
        assert.equal(parseOneCommandData(usage.dataIn).cdbUsage[4], closes, profile);
      } finally {
        await lib.close();
      }
    }
  });

  it('enterprise-10000: a power loss mid-exchange, with a cartridge in the second (hidden) gripper, puts both cartridges back in slots', async () => {
    const { lib, clock } = await openTestLibrary('enterprise-10000');
    try {
      clock.setAutoAdvance(false);
      const swap = send(lib, buildExchangeMediumCdb({ transportElementAddress: 1, sourceAddress: 1025, firstDestinationAddress: 1026, secondDestinationAddress: 1025 }));
      // 5 s exchange in quarters: both cartridges are picked by 2.5 s, neither placed before 3.75 s.
      await clock.advance(3000);
      assert.deepEqual(lib.contents().filter((c) => c.address === 1 || c.address > 0xffff).length, 2, 'one cartridge in each gripper');
      clock.setAutoAdvance(true);
      await lib.frontPanel.powerCycle();
      await swap;
      const places = lib.contents().filter((c) => ['E00002L9', 'E00003L9'].includes(c.cartridge.label ?? '')).map((c) => c.address).sort();
      assert.deepEqual(places, [1025, 1026]);
    } finally {
      await lib.close();
    }
  });
});
