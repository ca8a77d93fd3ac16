/**
 * INITIALIZE ELEMENT STATUS (07h), … WITH RANGE (37h and E7h), REZERO UNIT: durations from the
 * profile, ranges, models without them, and what a rescan changes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SenseKey,
  buildInitializeElementStatusCdb,
  buildInitializeElementStatusWithRangeCdb,
  buildRezeroUnitCdb,
  buildSendVolumeTagCdb,
  buildSendVolumeTagParameters,
  SendVolumeTagAction,
} from '../../../src/scsi/index.ts';
import { assertGood, assertSense, drainAttentions, element, openTestLibrary, send } from './helpers.ts';

describe('INITIALIZE ELEMENT STATUS WITH RANGE', () => {
  it('scans only the range: base time plus the elements in it (37h and E7h alike)', async () => {
    const { lib, clock } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    let t0 = clock.now();
    assertGood(await send(lib, buildInitializeElementStatusWithRangeCdb({ range: true, startingElementAddress: 4096, numberOfElements: 5 })));
    assert.equal(clock.now() - t0, 4000 + 5 * 1200);
    t0 = clock.now();
    assertGood(await send(lib, buildInitializeElementStatusWithRangeCdb({ vendorOpcode: true, range: true, startingElementAddress: 4110, numberOfElements: 0 })));
    assert.equal(clock.now() - t0, 4000 + 10 * 1200);
    t0 = clock.now();
    assertGood(await send(lib, buildInitializeElementStatusWithRangeCdb({ range: false })));
    assert.equal(clock.now() - t0, 4000 + 27 * 1200);
  });

  it('refuses a range starting at no element with 05/21/01', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertSense(await send(lib, buildInitializeElementStatusWithRangeCdb({ range: true, startingElementAddress: 0x2000, numberOfElements: 1 })), SenseKey.ILLEGAL_REQUEST, 0x21, 0x01);
  });

  it('is 05/20/00 on a model without it', async () => {
    const { lib } = await openTestLibrary('jukebox-optical');
    await drainAttentions(lib);
    assertSense(await send(lib, buildInitializeElementStatusWithRangeCdb({ range: false })), SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
    assertGood(await send(lib, buildInitializeElementStatusCdb()));
  });
});

describe('inventory effects', () => {
  it('re-reads the physical label over a tag a host replaced', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const replace = buildSendVolumeTagCdb({ elementType: 0, elementAddress: 4096, sendActionCode: SendVolumeTagAction.REPLACE_PRIMARY });
    assertGood(await send(lib, replace, { dataOut: buildSendVolumeTagParameters({ volumeIdentificationTemplate: 'OTHER1', minimumSequenceNumber: 0, maximumSequenceNumber: 0 }) }));
    assert.equal((await element(lib, 4096)).primaryVolumeTag?.volumeIdentifier, 'OTHER1');
    assertGood(await send(lib, buildInitializeElementStatusCdb()));
    assert.equal((await element(lib, 4096)).primaryVolumeTag?.volumeIdentifier, 'A00001L8');
  });

  it('FAST checks presence only and leaves tags alone', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const replace = buildSendVolumeTagCdb({ elementType: 0, elementAddress: 4096, sendActionCode: SendVolumeTagAction.REPLACE_PRIMARY });
    assertGood(await send(lib, replace, { dataOut: buildSendVolumeTagParameters({ volumeIdentificationTemplate: 'OTHER1', minimumSequenceNumber: 0, maximumSequenceNumber: 0 }) }));
    assertGood(await send(lib, buildInitializeElementStatusWithRangeCdb({ fast: true })));
    assert.equal((await element(lib, 4096)).primaryVolumeTag?.volumeIdentifier, 'OTHER1');
  });
});

describe('REZERO UNIT', () => {
  it('homes every robot; the two robots of library-500 in parallel', async () => {
    const { lib, clock } = await openTestLibrary('library-500');
    await drainAttentions(lib);
    const t0 = clock.now();
    assertGood(await send(lib, buildRezeroUnitCdb()));
    assert.equal(clock.now() - t0, 15_000);
  });
});
