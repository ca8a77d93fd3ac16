/**
 * READ ELEMENT STATUS as clients use it (smc.md §1.3, §6.4, §10): truncation to whole
 * descriptors with the full byte count, element type filters, start addresses in gaps,
 * VOLTAG/DVCID layouts, and page 1Dh agreeing with what B8h reports.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ElementTypeCode,
  SenseKey,
  buildModeSense6Cdb,
  buildReadElementStatusCdb,
  designatorText,
  parseElementStatusData,
  parseModeParameterList,
} from '../../../src/scsi/index.ts';
import { BUILT_IN_PROFILES } from '../../../src/emulator/index.ts';
import { assertGood, assertSense, drainAttentions, element, openTestLibrary, readStatus, send } from './helpers.ts';

describe('READ ELEMENT STATUS truncation', () => {
  it('answers an 8-byte probe with the header alone, carrying the full counts', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const r = await send(lib, buildReadElementStatusCdb({ elementType: ElementTypeCode.STORAGE, startingElementAddress: 0, numberOfElements: 24, volumeTag: true, allocationLength: 8 }));
    assertGood(r);
    // 24 slots × 48-byte descriptors + one 8-byte page header = 1160 = 0x488.
    assert.equal(Buffer.from(r.dataIn).toString('hex'), '1000001800000488');
  });

  it('returns whole descriptors only, never a cut one, with the full byte count', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const allocation = 8 + 8 + 48 * 2 + 20; // room for two descriptors and part of a third
    const r = await send(lib, buildReadElementStatusCdb({ elementType: ElementTypeCode.STORAGE, startingElementAddress: 0, numberOfElements: 24, volumeTag: true, allocationLength: allocation }));
    assertGood(r);
    assert.equal(r.dataIn.length, 8 + 8 + 48 * 2);
    const data = parseElementStatusData(r.dataIn);
    assert.equal(data.byteCount, 1160);
    assert.equal(data.numberOfElements, 24);
    assert.equal(data.pages[0]?.descriptors.length, 2);
    assert.equal(data.truncated, true);
  });

  it('a NUMBER OF ELEMENTS of 0 returns the header only', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const r = await send(lib, buildReadElementStatusCdb({ elementType: 0, startingElementAddress: 0, numberOfElements: 0, allocationLength: 1024 }));
    assertGood(r);
    assert.equal(Buffer.from(r.dataIn).toString('hex'), '0000000000000000');
  });
});

describe('READ ELEMENT STATUS selection', () => {
  it('reports every type in address order for type 0 (types need not be contiguous)', async () => {
    const { lib } = await openTestLibrary('jukebox-optical');
    await drainAttentions(lib);
    const data = await readStatus(lib, { volumeTag: false });
    assert.deepEqual(
      data.pages.map((p) => [p.elementType, p.descriptors.length, p.descriptors[0]?.elementAddress]),
      [
        [2, 32, 1],
        [1, 1, 0x2000],
        [4, 4, 0x3001],
        [3, 1, 0x4000],
      ],
    );
  });

  it('starts at the next element when the start address falls in a gap (IBM drive bays)', async () => {
    const { lib } = await openTestLibrary('enterprise-10000');
    await drainAttentions(lib);
    const data = await readStatus(lib, { type: ElementTypeCode.DATA_TRANSFER, start: 0x111, count: 3, volumeTag: false });
    assert.deepEqual(data.pages[0]?.descriptors.map((d) => d.elementAddress), [0x121, 0x122, 0x123]);
  });

  it('answers a start past the last element of the type with 05/21/01 (mtx altres end of list)', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertSense(
      await send(lib, buildReadElementStatusCdb({ elementType: ElementTypeCode.DATA_TRANSFER, startingElementAddress: 0x200, numberOfElements: 1, allocationLength: 255 })),
      SenseKey.ILLEGAL_REQUEST,
      0x21,
      0x01,
    );
  });

  it('returns one element at an exact address, as Linux ch asks', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const r = await send(lib, Uint8Array.from([0xb8, 0x12, 0x10, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00]));
    assertGood(r);
    const data = parseElementStatusData(r.dataIn);
    assert.equal(data.pages[0]?.descriptors[0]?.elementAddress, 0x1005);
    assert.equal(data.pages[0]?.descriptors.length, 1);
  });

  it('reports drive serial numbers with DVCID: serial only, or T10 vendor+product+serial (34 bytes)', async () => {
    const serialOnly = await openTestLibrary('autoloader-8');
    await drainAttentions(serialOnly.lib);
    let data = await readStatus(serialOnly.lib, { type: ElementTypeCode.DATA_TRANSFER, deviceId: true, volumeTag: false });
    let id = data.pages[0]?.descriptors[0]?.identification;
    assert.ok(id !== undefined);
    assert.deepEqual([id.codeSet, id.designatorType, designatorText(id)], [2, 0, 'HU00000001']);
    const t10 = await openTestLibrary('library-24');
    await drainAttentions(t10.lib);
    data = await readStatus(t10.lib, { type: ElementTypeCode.DATA_TRANSFER, deviceId: true, volumeTag: true });
    id = data.pages[0]?.descriptors[1]?.identification;
    assert.ok(id !== undefined);
    assert.equal(id.identifier.length, 34);
    assert.equal(designatorText(id), 'IBM     ULTRIUM-HH8     10WT000002');
  });

  it('reports a cartridge without a label as full with no volume tag, and MIXED as unsupported', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const unlabeled = await element(lib, 4096 + 21);
    assert.equal(unlabeled.full, true);
    assert.equal(unlabeled.primaryVolumeTag, undefined);
    assert.equal(unlabeled.except, false);
    const mixed = buildReadElementStatusCdb({ elementType: 0, startingElementAddress: 0, numberOfElements: 1, mixed: true, allocationLength: 64 });
    assertSense(await send(lib, mixed), SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
  });

  it('marks mailslot elements InEnab/ExEnab, and ImpExp for a cartridge the operator put in', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const mailslot = await element(lib, 16);
    assert.deepEqual([mailslot.inEnab, mailslot.exEnab, mailslot.access, mailslot.impExp, mailslot.full], [true, true, true, true, true]);
  });
});

describe('page 1Dh agrees with READ ELEMENT STATUS', () => {
  for (const name of BUILT_IN_PROFILES) {
    it(`${name}: first addresses and counts match the descriptors, mode data length 23 with DBD`, async () => {
      const { lib } = await openTestLibrary(name);
      await drainAttentions(lib);
      const r = await send(lib, buildModeSense6Cdb({ disableBlockDescriptors: true, pageCode: 0x1d, allocationLength: 0xff }));
      assertGood(r);
      assert.equal(r.dataIn[0], 23);
      const page = parseModeParameterList(r.dataIn, { cdbLength: 6, purpose: 'sense' }).pages[0];
      assert.ok(page?.kind === 'element-address-assignment');
      const data = await readStatus(lib, { volumeTag: false });
      const byType = (type: number): number[] => data.pages.filter((p) => p.elementType === type).flatMap((p) => p.descriptors.map((d) => d.elementAddress));
      for (const [type, range] of [
        [1, page.transport],
        [2, page.storage],
        [3, page.importExport],
        [4, page.dataTransfer],
      ] as const) {
        const addresses = byType(type);
        assert.equal(addresses.length, range.count, `type ${type} count`);
        if (addresses.length > 0) assert.equal(Math.min(...addresses), range.firstAddress, `type ${type} first address`);
      }
    });
  }
});
