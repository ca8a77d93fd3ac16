/**
 * The byte-exact CDB sequences real peers send to a changer (smc.md §1.3, §6.4, §7.3 and the
 * tgt/mtx samples), replayed against the virtual library: what mtx 1.3.12 does for `status` and
 * `load`, what Linux `ch` does at probe and for CHIOGSTATUS, what Proxmox Backup Server checks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ScsiStatus,
  parseElementStatusData,
  parseModeParameterList,
  parseSenseData,
  parseStandardInquiryData,
  type ElementStatusData,
} from '../../../src/scsi/index.ts';
import { VirtualClock, VirtualLibrary } from '../../../src/emulator/index.ts';

const MTX = { initiator: 'iqn.1994-05.com.redhat:mtx-host', lun: 0 };

async function open(profile: string): Promise<VirtualLibrary> {
  return VirtualLibrary.open({ profile, clock: new VirtualClock({ autoAdvance: true }) });
}

function cdb(...bytes: number[]): Uint8Array {
  return Uint8Array.from(bytes);
}

/** mtx 1.3.12 ClearUnitAttention: REQUEST SENSE until sense key 0, at most ten times. */
async function clearUnitAttention(lib: VirtualLibrary): Promise<number> {
  for (let i = 1; i <= 10; i++) {
    const r = await lib.device.execute(MTX, { cdb: cdb(0x03, 0, 0, 0, 0x60, 0), dataInLength: 0x60 });
    if (parseSenseData(r.dataIn).senseKey === 0) return i;
  }
  return 10;
}

/** mtx's READ ELEMENT STATUS for one type: VolTag, `count` elements, re-issued when the report is larger than the buffer. */
async function mtxReadType(lib: VirtualLibrary, type: number, start: number, count: number): Promise<ElementStatusData> {
  let allocation = 0x400;
  for (;;) {
    const r = await lib.device.execute(MTX, {
      cdb: cdb(0xb8, 0x10 + type, start >> 8, start & 0xff, count >> 8, count & 0xff, 0, allocation >> 16, (allocation >> 8) & 0xff, allocation & 0xff, 0, 0),
      dataInLength: allocation,
    });
    assert.equal(r.status, ScsiStatus.GOOD);
    const data = parseElementStatusData(r.dataIn);
    if (data.byteCount + 8 <= allocation) return data;
    allocation = data.byteCount + 8;
  }
}

describe('mtx 1.3.12 against library-24', () => {
  it('status then load 3 0: the exchanges of tgt-mtx-session, on this library', async () => {
    const lib = await open('library-24');
    assert.equal(await clearUnitAttention(lib), 2, 'one 29/00 drained, then NO SENSE');

    const inquiry = await lib.device.execute(MTX, { cdb: cdb(0x12, 0, 0, 0, 0x38, 0), dataInLength: 0x38 });
    const id = parseStandardInquiryData(inquiry.dataIn);
    assert.deepEqual([id.peripheralDeviceType, id.mChngr, id.vendorIdentification, id.productIdentification], [8, false, 'IBM', '3573-TL']);

    const mode = await lib.device.execute(MTX, { cdb: cdb(0x1a, 0x08, 0x1d, 0x00, 0x88, 0x00), dataInLength: 0x88 });
    const page = parseModeParameterList(mode.dataIn, { cdbLength: 6, purpose: 'sense' }).pages[0];
    assert.ok(page?.kind === 'element-address-assignment');

    const slots = await mtxReadType(lib, 2, page.storage.firstAddress, page.storage.count);
    const mailslots = await mtxReadType(lib, 3, page.importExport.firstAddress, page.importExport.count);
    const drives = await mtxReadType(lib, 4, page.dataTransfer.firstAddress, page.dataTransfer.count);
    const transports = await mtxReadType(lib, 1, page.transport.firstAddress, 1);
    const slotDescriptors = slots.pages.flatMap((p) => p.descriptors);
    assert.equal(slotDescriptors.length, 24);
    assert.equal(mailslots.pages[0]?.descriptors.length, 1);
    assert.equal(drives.pages[0]?.descriptors.length, 2);
    // "Storage Element 3:Full :VolumeTag=A00003L8"
    assert.equal(slotDescriptors[2]?.primaryVolumeTag?.volumeIdentifier, 'A00003L8');

    // mtx load 3 0: MOVE MEDIUM with the transport address from the MT page.
    const mt = transports.pages[0]?.descriptors[0]?.elementAddress ?? 0;
    const source = slotDescriptors[2]?.elementAddress ?? 0;
    const dt0 = page.dataTransfer.firstAddress;
    const move = await lib.device.execute(MTX, { cdb: cdb(0xa5, 0, mt >> 8, mt & 0xff, source >> 8, source & 0xff, dt0 >> 8, dt0 & 0xff, 0, 0, 0, 0) });
    assert.equal(move.status, ScsiStatus.GOOD);
    // "Data Transfer Element 0:Full (Storage Element 3 Loaded):VolumeTag = A00003L8"
    const after = (await mtxReadType(lib, 4, dt0, 2)).pages[0]?.descriptors[0];
    assert.deepEqual([after?.full, after?.sValid, after?.sourceAddress, after?.primaryVolumeTag?.volumeIdentifier], [true, true, source, 'A00003L8']);

    // mtx load 7 0 on an empty slot: "Source Element Address 4102 is Empty" comes from 3B/0E.
    const empty = slotDescriptors[4]?.elementAddress ?? 0;
    const refused = await lib.device.execute(MTX, { cdb: cdb(0xa5, 0, 0, mt, empty >> 8, empty & 0xff, 0x01, 0x01, 0, 0, 0, 0) });
    const sense = parseSenseData(refused.sense as Uint8Array);
    assert.deepEqual([sense.senseKey, sense.asc, sense.ascq], [5, 0x3b, 0x0e]);

    // `mtx eject` sends SSC LOAD UNLOAD, which an SMC changer reads as reserved action code 2.
    const eject = await lib.device.execute(MTX, { cdb: cdb(0x1b, 0, 0, 0, 0x02, 0) });
    const ejectSense = parseSenseData(eject.sense as Uint8Array);
    assert.deepEqual([ejectSense.senseKey, ejectSense.asc], [5, 0x24]);
    await lib.close();
  });
});

describe('Linux ch against library-500', () => {
  it('probe (MODE SENSE 1Dh, INITIALIZE ELEMENT STATUS) and CHIOGSTATUS one element per command', async () => {
    const lib = await open('library-500');
    const ch = { initiator: 'iqn.linux:ch', lun: 0 };
    const first = await lib.device.execute(ch, { cdb: cdb(0x1a, 0x00, 0x1d, 0x00, 0xff, 0x00), dataInLength: 255 });
    assert.equal(first.status, ScsiStatus.CHECK_CONDITION); // 29/00; ch retries on UNIT ATTENTION
    const mode = await lib.device.execute(ch, { cdb: cdb(0x1a, 0x00, 0x1d, 0x00, 0xff, 0x00), dataInLength: 255 });
    // ch reads buffer[buffer[3]+6 …]: block descriptor length 0, first MT address at byte 6.
    assert.equal(mode.dataIn[3], 0);
    assert.deepEqual([...mode.dataIn.subarray(6, 8)], [0x00, 0x01]);
    assert.equal((await lib.device.execute(ch, { cdb: cdb(0x07, 0, 0, 0, 0, 0) })).status, ScsiStatus.GOOD);
    for (const address of [1, 2, 10, 19, 500, 511, 1000, 1499]) {
      const r = await lib.device.execute(ch, { cdb: cdb(0xb8, 0x10, address >> 8, address & 0xff, 0, 1, 0, 0, 0, 0xff, 0, 0), dataInLength: 255 });
      assert.equal(r.status, ScsiStatus.GOOD);
      // ch requires the first descriptor to be the element asked for, at byte 16.
      assert.equal((r.dataIn[16] as number) * 256 + (r.dataIn[17] as number), address);
    }
    await lib.close();
  });
});

describe('Proxmox Backup Server against enterprise-10000', () => {
  it('mode data length 23, counts per type agree with 1Dh across 1000-element pages, DT serials via DVCID', async () => {
    const lib = await open('enterprise-10000');
    const pbs = { initiator: 'iqn.pbs', lun: 0 };
    await lib.device.execute(pbs, { cdb: cdb(0x00, 0, 0, 0, 0, 0) });
    const mode = await lib.device.execute(pbs, { cdb: cdb(0x1a, 0x08, 0x1d, 0x00, 0xff, 0x00), dataInLength: 255 });
    assert.equal(mode.dataIn[0], 23);
    const page = parseModeParameterList(mode.dataIn, { cdbLength: 6, purpose: 'sense' }).pages[0];
    assert.ok(page?.kind === 'element-address-assignment');
    let slots = 0;
    let start = page.storage.firstAddress;
    for (;;) {
      const r = await lib.device.execute(pbs, { cdb: cdb(0xb8, 0x12, start >> 8, start & 0xff, 0x03, 0xe8, 0, 0x01, 0x00, 0x00, 0, 0), dataInLength: 0x10000 });
      if (r.status !== ScsiStatus.GOOD) break; // 21/01 past the last slot
      const descriptors = parseElementStatusData(r.dataIn).pages.flatMap((p) => p.descriptors);
      if (descriptors.length === 0) break;
      slots += descriptors.length;
      start = (descriptors.at(-1)?.elementAddress ?? 0) + 1;
    }
    assert.equal(slots, page.storage.count);
    const dt = await lib.device.execute(pbs, { cdb: cdb(0xb8, 0x04, 0, 0, 0x03, 0xe8, 0x01, 0x01, 0x00, 0x00, 0, 0), dataInLength: 0x10000 });
    const drives = parseElementStatusData(dt.dataIn, { deviceId: true }).pages.flatMap((p) => p.descriptors);
    assert.equal(drives.length, page.dataTransfer.count);
    assert.equal(drives[0]?.identification?.identifier.toString('latin1'), '1013000001');
    await lib.close();
  });
});
