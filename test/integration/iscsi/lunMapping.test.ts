import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { VirtualLibrary } from '../../../src/emulator/index.ts';
import { IscsiTarget } from '../../../src/iscsi/target/index.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { TUR, inquiry, reportLuns, senseTriple } from './helpers.ts';

// A changer need not be LUN 0: one IQN serving two virtual libraries, an autoloader on LUN 0 and a
// 24-slot library on LUN 3. Each answers on its own LUN, with its own identity and cartridges;
// LUNs the IQN lacks hear 05/25/00; REPORT LUNS lists both, whichever LUN it is sent to.

const IQN = 'iqn.2026-11.dev.changer.test:two-luns';
let autoloader: VirtualLibrary;
let library: VirtualLibrary;
let target: IscsiTarget;
let port = 0;
const transports: IscsiTransport[] = [];

before(async () => {
  autoloader = await VirtualLibrary.open({ profile: 'autoloader-8', instant: true });
  library = await VirtualLibrary.open({ profile: 'library-24', instant: true });
  target = new IscsiTarget({ targets: [{ name: IQN, luns: { 0: autoloader.device, 3: library.device } }] });
  port = (await target.listen(0)).port;
});

after(async () => {
  for (const t of transports) await t.close();
  await target.close({ graceMs: 500 });
  await autoloader.close();
  await library.close();
});

async function open(lun: number): Promise<IscsiTransport> {
  const transport = await IscsiTransport.open(`iscsi://127.0.0.1:${port}/${IQN}/${lun}`);
  transports.push(transport);
  return transport;
}

/** TEST UNIT READY until the power-on unit attention is spent; the last result. */
async function settle(transport: IscsiTransport): Promise<{ status: number; sense?: Uint8Array }> {
  let result = await transport.execute({ cdb: TUR });
  for (let i = 0; i < 5 && result.status === 2 && senseTriple(result.sense)?.[0] === 0x06; i++) result = await transport.execute({ cdb: TUR });
  return result;
}

function productOf(data: Uint8Array): string {
  return Buffer.from(data.subarray(16, 32)).toString('latin1').trim();
}

const readElementStatus = (allocation: number): Uint8Array =>
  Uint8Array.of(0xb8, 0x12, 0, 0, 0xff, 0xff, 0, (allocation >> 16) & 0xff, (allocation >> 8) & 0xff, allocation & 0xff, 0, 0);

describe('a library served at LUN n answers on LUN n', () => {
  it('LUN 3 is the 24-slot library: ready, a medium changer, its own product', async () => {
    const lun3 = await open(3);
    assert.equal((await settle(lun3)).status, 0);
    const inq = await lun3.execute({ cdb: inquiry(96), dataInLength: 96 });
    assert.equal(inq.status, 0);
    assert.equal(inq.dataIn[0], 0x08, 'peripheral qualifier 0, medium changer');
    const lun0 = await open(0);
    assert.equal((await settle(lun0)).status, 0);
    const inq0 = await lun0.execute({ cdb: inquiry(96), dataInLength: 96 });
    assert.notEqual(productOf(inq0.dataIn), productOf(inq.dataIn), 'two libraries, two identities');
  });

  it('READ ELEMENT STATUS on LUN 3 reports the 24-slot library, on LUN 0 the autoloader', async () => {
    const storageCount = async (lun: number): Promise<number> => {
      const transport = await open(lun);
      await settle(transport);
      const result = await transport.execute({ cdb: readElementStatus(0xffff), dataInLength: 0xffff });
      assert.equal(result.status, 0);
      return Buffer.from(result.dataIn).readUInt16BE(2); // number of elements available
    };
    const onLun3 = await storageCount(3);
    const onLun0 = await storageCount(0);
    assert.equal(onLun3, library.addresses('slot').length);
    assert.equal(onLun0, autoloader.addresses('slot').length);
    assert.equal(onLun3, 24);
  });

  it('REPORT LUNS lists 0 and 3 on either LUN; LUN 1 hears 05/25/00 and INQUIRY qualifier 011b', async () => {
    for (const lun of [0, 3]) {
      const transport = await open(lun);
      const result = await transport.execute({ cdb: reportLuns(256), dataInLength: 256 });
      assert.equal(result.status, 0);
      const data = Buffer.from(result.dataIn);
      assert.equal(data.readUInt32BE(0), 16);
      assert.deepEqual([data.readBigUInt64BE(8), data.readBigUInt64BE(16)], [0n, 0x0003_0000_0000_0000n]);
    }
    const lun1 = await open(1);
    const tur = await lun1.execute({ cdb: TUR });
    assert.equal(tur.status, 2);
    assert.deepEqual(senseTriple(tur.sense), [0x05, 0x25, 0x00]);
    const inq = await lun1.execute({ cdb: inquiry(36), dataInLength: 36 });
    assert.equal(inq.dataIn[0], 0x7f);
  });

  it('the library keeps one set of reservations whatever LUN it is mapped at', async () => {
    const holder = await open(3);
    const other = await IscsiTransport.open(`iscsi://127.0.0.1:${port}/${IQN}/3`);
    transports.push(other);
    await settle(holder);
    await settle(other);
    const reserve6 = Uint8Array.of(0x16, 0, 0, 0, 0, 0);
    const release6 = Uint8Array.of(0x17, 0, 0, 0, 0, 0);
    assert.equal((await holder.execute({ cdb: reserve6 })).status, 0);
    try {
      assert.equal((await other.execute({ cdb: TUR })).status, 0x18, 'RESERVATION CONFLICT for the other initiator');
      assert.equal(library.device.session.conflicts('nobody', 'read', false), true, 'the reservation is the library\'s own, seen from LUN 0 too');
    } finally {
      assert.equal((await holder.execute({ cdb: release6 })).status, 0);
    }
  });
});
