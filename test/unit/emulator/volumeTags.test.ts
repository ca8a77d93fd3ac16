/**
 * SEND VOLUME TAG and REQUEST VOLUME ELEMENT ADDRESS: translating templates with wildcards,
 * asserting, replacing and undefining primary and alternate tags.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ElementTypeCode,
  SendVolumeTagAction,
  SenseKey,
  buildRequestVolumeElementAddressCdb,
  buildSendVolumeTagCdb,
  buildSendVolumeTagParameters,
  parseVolumeElementAddressData,
} from '../../../src/scsi/index.ts';
import type { VirtualLibrary } from '../../../src/emulator/index.ts';
import { HOST_B, assertGood, assertSense, drainAttentions, element, openTestLibrary, send } from './helpers.ts';

function sendTag(lib: VirtualLibrary, action: number, address: number, template: string, type: number = ElementTypeCode.ALL): ReturnType<typeof send> {
  const parameters = buildSendVolumeTagParameters({ volumeIdentificationTemplate: template, minimumSequenceNumber: 0, maximumSequenceNumber: 0 });
  return send(lib, buildSendVolumeTagCdb({ elementType: type as 0, elementAddress: address, sendActionCode: action }), { dataOut: parameters });
}

async function translated(lib: VirtualLibrary, start = 0, count = 100): Promise<{ action: number; addresses: number[]; tags: string[] }> {
  const r = await send(lib, buildRequestVolumeElementAddressCdb({ volumeTag: true, elementType: 0, elementAddress: start, numberOfElements: count, allocationLength: 0x4000 }));
  assertGood(r);
  const data = parseVolumeElementAddressData(r.dataIn);
  const descriptors = data.pages.flatMap((p) => p.descriptors);
  return { action: data.sendActionCode, addresses: descriptors.map((d) => d.elementAddress), tags: descriptors.map((d) => d.primaryVolumeTag?.volumeIdentifier ?? '') };
}

describe('SEND VOLUME TAG translate + REQUEST VOLUME ELEMENT ADDRESS', () => {
  it('finds cartridges by a template with ? and *, from a starting address on', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertGood(await sendTag(lib, SendVolumeTagAction.TRANSLATE_PRIMARY_IGNORE_SEQUENCE, 0, 'A0000?L8'));
    const found = await translated(lib);
    assert.equal(found.action, SendVolumeTagAction.TRANSLATE_PRIMARY_IGNORE_SEQUENCE);
    assert.deepEqual(found.tags, ['A00001L8', 'A00002L8', 'A00003L8', 'A00004L8', 'A00005L8', 'A00006L8', 'A00007L8', 'A00008L8', 'A00009L8']);
    assertGood(await sendTag(lib, SendVolumeTagAction.TRANSLATE_ALL, 0, 'CLN*'));
    assert.deepEqual((await translated(lib)).addresses, [4116]);
    assertGood(await sendTag(lib, SendVolumeTagAction.TRANSLATE_ALL, 0, '*L7'));
    assert.deepEqual((await translated(lib)).addresses, [16]);
    // Successive requests continue from a higher address.
    assertGood(await sendTag(lib, SendVolumeTagAction.TRANSLATE_ALL, 0, 'A*'));
    const page2 = await translated(lib, 4106, 2);
    assert.deepEqual(page2.addresses, [4106, 4107]);
  });

  it('keeps each initiator\'s translation to itself; without one B5h is 05/2C/00', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    await drainAttentions(lib, HOST_B);
    assertGood(await sendTag(lib, SendVolumeTagAction.TRANSLATE_ALL, 0, 'A00001L8'));
    const r = await send(lib, buildRequestVolumeElementAddressCdb({ elementType: 0, elementAddress: 0, numberOfElements: 10, allocationLength: 0x100 }), { nexus: HOST_B });
    assertSense(r, SenseKey.ILLEGAL_REQUEST, 0x2c, 0x00);
  });

  it('translates alternate tags of two-sided media (jukebox)', async () => {
    const { lib } = await openTestLibrary('jukebox-optical');
    await drainAttentions(lib);
    assertGood(await sendTag(lib, SendVolumeTagAction.TRANSLATE_ALTERNATE_IGNORE_SEQUENCE, 0, 'UDO0003B'));
    assert.deepEqual((await translated(lib)).addresses, [3]);
    assertGood(await sendTag(lib, SendVolumeTagAction.TRANSLATE_PRIMARY_IGNORE_SEQUENCE, 0, 'UDO0003B'));
    assert.deepEqual((await translated(lib)).addresses, []);
  });
});

describe('SEND VOLUME TAG assert / replace / undefine', () => {
  it('asserts a tag on an unlabeled cartridge once, replaces it, undefines it', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const unlabeled = 4117;
    assert.equal((await element(lib, unlabeled)).primaryVolumeTag, undefined);
    assertGood(await sendTag(lib, SendVolumeTagAction.ASSERT_PRIMARY, unlabeled, 'HOST01'));
    assert.equal((await element(lib, unlabeled)).primaryVolumeTag?.volumeIdentifier, 'HOST01');
    assertSense(await sendTag(lib, SendVolumeTagAction.ASSERT_PRIMARY, unlabeled, 'HOST02'), SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
    assertGood(await sendTag(lib, SendVolumeTagAction.REPLACE_PRIMARY, unlabeled, 'HOST02'));
    assert.equal((await element(lib, unlabeled)).primaryVolumeTag?.volumeIdentifier, 'HOST02');
    assertGood(await sendTag(lib, SendVolumeTagAction.UNDEFINE_PRIMARY, unlabeled, ''));
    assert.equal((await element(lib, unlabeled)).primaryVolumeTag, undefined);
  });

  it('refuses wildcards outside translate (26/00), an empty element (3B/0E), alternate tags the model lacks (24/00)', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertSense(await sendTag(lib, SendVolumeTagAction.REPLACE_PRIMARY, 4096, 'AB*'), SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
    assertSense(await sendTag(lib, SendVolumeTagAction.REPLACE_PRIMARY, 4100, 'NEW'), SenseKey.ILLEGAL_REQUEST, 0x3b, 0x0e);
    assertSense(await sendTag(lib, SendVolumeTagAction.ASSERT_ALTERNATE, 4096, 'NEW'), SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
  });

  it('accepts the 255-byte parameter list Linux CHIOSVOLTAG sends', async () => {
    const { lib } = await openTestLibrary('jukebox-optical');
    await drainAttentions(lib);
    const list = Buffer.alloc(256, 0x20);
    list.write('SIDE-B', 0, 'latin1');
    list.fill(0, 32);
    const cdb = buildSendVolumeTagCdb({ elementType: 0, elementAddress: 2, sendActionCode: SendVolumeTagAction.REPLACE_ALTERNATE, parameterListLength: 255 });
    assertGood(await send(lib, cdb, { dataOut: list }));
    assert.equal((await element(lib, 2)).alternateVolumeTag?.volumeIdentifier, 'SIDE-B');
  });
});
