/**
 * READ ELEMENT STATUS answers from descriptors kept encoded between commands
 * (src/emulator/preparedDescriptors.ts): after every kind of change the next answer carries the
 * new bytes, exactly as the descriptors are built afresh (the DVCID = 1 path builds them afresh).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SendVolumeTagAction,
  buildMoveMediumCdb,
  buildReadElementStatusCdb,
  buildSendVolumeTagCdb,
  buildSendVolumeTagParameters,
} from '../../../src/scsi/index.ts';
import type { VirtualLibrary } from '../../../src/emulator/index.ts';
import { assertGood, drainAttentions, openTestLibrary, send } from './helpers.ts';

/** The raw answer to READ ELEMENT STATUS of storage elements `start`… (VOLTAG = 1), as hex. */
async function slotBytes(lib: VirtualLibrary, start: number, count: number): Promise<string> {
  const r = await send(lib, buildReadElementStatusCdb({ elementType: 2, startingElementAddress: start, numberOfElements: count, volumeTag: true, allocationLength: 4096 }));
  assertGood(r);
  return Buffer.from(r.dataIn).toString('hex');
}

/** One 48-byte storage descriptor, written out field by field as SMC lays it (smc.md §2.3–§2.4). */
function slot(address: number, fields: { flags: number; asc?: number; ascq?: number; byte9?: number; source?: number; tag?: string }): string {
  const b = Buffer.alloc(48);
  b.writeUInt16BE(address, 0);
  b[2] = fields.flags;
  b[4] = fields.asc ?? 0;
  b[5] = fields.ascq ?? 0;
  b[9] = fields.byte9 ?? 0;
  b.writeUInt16BE(fields.source ?? 0, 10);
  if (fields.tag !== undefined) b.write(fields.tag.padEnd(32), 12, 'latin1');
  return b.toString('hex');
}

/** Report header + storage page header for `count` 48-byte descriptors starting at `first`. */
function header(first: number, count: number): string {
  const b = Buffer.alloc(16);
  b.writeUInt16BE(first, 0);
  b.writeUInt16BE(count, 2);
  b.writeUIntBE(8 + 48 * count, 5, 3);
  b[8] = 2; // storage
  b[9] = 0x80; // PVolTag
  b.writeUInt16BE(48, 10);
  b.writeUIntBE(48 * count, 13, 3);
  return b.toString('hex');
}

const ACCESS = 0x08;
const EXCEPT = 0x04;
const FULL = 0x01;
const DATA = 0x01;
const SVALID = 0x80;

describe('READ ELEMENT STATUS after a change', () => {
  it('a MOVE changes the next answer exactly: the source empties, the destination carries the tag, SValid and source, and an unreadable label its 83/09', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    // Slots 4098 (A00003L8), 4099 (A00004L8), 4100 (empty), read once so their bytes are kept.
    assert.equal(
      await slotBytes(lib, 4098, 3),
      header(4098, 3) + slot(4098, { flags: ACCESS | FULL, byte9: DATA, tag: 'A00003L8' }) + slot(4099, { flags: ACCESS | FULL, byte9: DATA, tag: 'A00004L8' }) + slot(4100, { flags: ACCESS }),
    );

    lib.faults.inject({ kind: 'label-unreadable', barcode: 'A00003L8' });
    assertGood(await send(lib, buildMoveMediumCdb({ transportElementAddress: 1, sourceAddress: 4098, destinationAddress: 4100 })));
    assert.equal(
      await slotBytes(lib, 4098, 3),
      header(4098, 3) +
        slot(4098, { flags: ACCESS }) +
        slot(4099, { flags: ACCESS | FULL, byte9: DATA, tag: 'A00004L8' }) +
        slot(4100, { flags: ACCESS | EXCEPT | FULL, asc: 0x83, ascq: 0x09, byte9: SVALID | DATA, source: 4098 }),
    );

    assertGood(await send(lib, buildMoveMediumCdb({ transportElementAddress: 1, sourceAddress: 4099, destinationAddress: 4098 })));
    assert.equal(
      await slotBytes(lib, 4098, 3),
      header(4098, 3) +
        slot(4098, { flags: ACCESS | FULL, byte9: SVALID | DATA, source: 4099, tag: 'A00004L8' }) +
        slot(4099, { flags: ACCESS }) +
        slot(4100, { flags: ACCESS | EXCEPT | FULL, asc: 0x83, ascq: 0x09, byte9: SVALID | DATA, source: 4098 }),
    );
  });

  it('a host-set tag, a pulled magazine and a disabled element show in the next answer', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    await slotBytes(lib, 4096, 2);
    const replace = buildSendVolumeTagCdb({ elementType: 0, elementAddress: 4096, sendActionCode: SendVolumeTagAction.REPLACE_PRIMARY });
    assertGood(await send(lib, replace, { dataOut: buildSendVolumeTagParameters({ volumeIdentificationTemplate: 'HOST01', minimumSequenceNumber: 0, maximumSequenceNumber: 0 }) }));
    lib.faults.inject({ kind: 'element-disabled', address: 4097 });
    assert.equal(
      await slotBytes(lib, 4096, 2),
      header(4096, 2) + slot(4096, { flags: ACCESS | FULL, byte9: DATA, tag: 'HOST01' }) + slot(4097, { flags: EXCEPT | FULL, asc: 0x3b, ascq: 0x18, byte9: 0x08 | DATA, tag: 'A00002L8' }),
    );
    lib.faults.repair({ kind: 'element-disabled', address: 4097 });
    lib.frontPanel.pullMagazine('left');
    await drainAttentions(lib);
    // A cartridge in a pulled magazine is out of the robot's world: the slot reads empty, 3B/12.
    assert.equal(
      await slotBytes(lib, 4096, 2),
      header(4096, 2) + slot(4096, { flags: EXCEPT, asc: 0x3b, ascq: 0x12 }) + slot(4097, { flags: EXCEPT, asc: 0x3b, ascq: 0x12 }),
    );
  });
});

/**
 * Every element of `lib` as DVCID = 0 answers it (kept bytes) and as DVCID = 1 does (built afresh):
 * each descriptor's first `length` bytes must be the same, an identification descriptor following.
 */
async function assertKeptBytesFresh(lib: VirtualLibrary, step: string): Promise<void> {
  const read = async (deviceId: boolean): Promise<Buffer> => {
    const r = await send(lib, buildReadElementStatusCdb({ elementType: 0, startingElementAddress: 0, numberOfElements: 0xffff, volumeTag: true, deviceId, allocationLength: 0xffff }));
    assertGood(r);
    return Buffer.from(r.dataIn);
  };
  const descriptors = (data: Buffer): Buffer[] => {
    const out: Buffer[] = [];
    for (let at = 8; at < data.length; ) {
      const length = data.readUInt16BE(at + 2);
      const bytes = data.readUIntBE(at + 5, 3);
      for (let d = at + 8; d < at + 8 + bytes; d += length) out.push(data.subarray(d, d + length));
      at += 8 + bytes;
    }
    return out;
  };
  const kept = descriptors(await read(false));
  const fresh = descriptors(await read(true));
  assert.equal(kept.length, fresh.length, step);
  for (const [i, d] of kept.entries()) assert.equal(d.toString('hex'), (fresh[i] as Buffer).subarray(0, d.length).toString('hex'), `${step}: element ${d.readUInt16BE(0)}`);
}

describe('kept descriptor bytes against descriptors built afresh', () => {
  it('agree after moves with INVERT, tags set by a host, faults, an open mailslot and a drive load (two-sided media, alternate tags)', async () => {
    const { lib } = await openTestLibrary('jukebox-optical');
    await drainAttentions(lib);
    await assertKeptBytesFresh(lib, 'at power-on');
    assertGood(await send(lib, buildMoveMediumCdb({ transportElementAddress: 8192, sourceAddress: 1, destinationAddress: 6, invert: true })));
    await assertKeptBytesFresh(lib, 'moved 1 → 6 inverted');
    assertGood(await send(lib, buildMoveMediumCdb({ transportElementAddress: 8192, sourceAddress: 2, destinationAddress: 12289 })));
    await assertKeptBytesFresh(lib, 'moved 2 → drive');
    const replace = buildSendVolumeTagCdb({ elementType: 0, elementAddress: 3, sendActionCode: SendVolumeTagAction.REPLACE_ALTERNATE });
    assertGood(await send(lib, replace, { dataOut: buildSendVolumeTagParameters({ volumeIdentificationTemplate: 'ALT3', minimumSequenceNumber: 0, maximumSequenceNumber: 0 }) }));
    await assertKeptBytesFresh(lib, 'alternate tag of 3 set');
    lib.faults.inject({ kind: 'label-unreadable', barcode: 'UDO0004A' });
    lib.faults.inject({ kind: 'element-disabled', address: 5 });
    await assertKeptBytesFresh(lib, 'faults on');
    await lib.frontPanel.openMailslot();
    await assertKeptBytesFresh(lib, 'mailslot open');
    await lib.frontPanel.closeMailslot();
    await drainAttentions(lib);
    lib.faults.repair({ kind: 'label-unreadable', barcode: 'UDO0004A' });
    lib.faults.repair({ kind: 'element-disabled', address: 5 });
    await assertKeptBytesFresh(lib, 'faults repaired, mailslot closed');
  });
});
