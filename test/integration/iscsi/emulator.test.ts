import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Changer } from '../../../src/driver/changer.ts';
import type { VirtualLibrary } from '../../../src/emulator/index.ts';
import { IscsiTarget } from '../../../src/iscsi/target/index.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { serializePdu } from '../../../src/iscsi/serializer.ts';
import type { InitiatorPdu, TargetPdu } from '../../../src/iscsi/pdus.ts';
import { RawInitiator, TUR, inquiry, senseTriple } from './helpers.ts';

// The virtual library served over iSCSI and driven through the whole stack: class driver → SMC
// miniclass → IscsiTransport → TCP → IscsiTarget → SmcDevice. Modules are loaded in before(), so
// an emulator or driver that does not load yet skips these tests with the reason, instead of
// breaking the iSCSI suite.

const IQN = 'iqn.2024-01.org.changer.test:library-24';
let library: VirtualLibrary | undefined;
let target: IscsiTarget | undefined;
let url = '';
let port = 0;
let changer: Changer | undefined;
let unavailable: string | undefined;

before(async () => {
  try {
    const { VirtualLibrary } = await import('../../../src/emulator/index.ts');
    library = await VirtualLibrary.open({ profile: 'library-24', instant: true });
  } catch (e) {
    unavailable = `the virtual library does not load yet: ${(e as Error).message}`;
    return;
  }
  target = new IscsiTarget({ targets: [{ name: IQN, luns: { 0: library.device } }] });
  port = (await target.listen(0)).port;
  url = `iscsi://127.0.0.1:${port}/${IQN}/0`;
});

after(async () => {
  await changer?.close();
  await target?.close({ graceMs: 500 });
  await library?.close();
});

describe('virtual library over iSCSI', () => {
  it('each session is its own initiator: a new one first sees the power-on unit attention', async (t) => {
    if (unavailable !== undefined) return t.skip(unavailable);
    const transport = await IscsiTransport.open(url, { isid: 0x80_0000_0001_01 });
    try {
      const first = await transport.execute({ cdb: TUR });
      assert.equal(first.status, 2);
      assert.deepEqual(senseTriple(first.sense)?.[0], 0x06);
      let ready = first;
      for (let i = 0; i < 5 && ready.status !== 0; i++) ready = await transport.execute({ cdb: TUR });
      assert.equal(ready.status, 0);
      const inq = await transport.execute({ cdb: inquiry(96), dataInLength: 96 });
      assert.equal((inq.dataIn[0] as number) & 0x1f, 0x08, 'a medium changer');
    } finally {
      await transport.close();
    }
  });

  it('commands that arrive in one segment are each answered once; one answered at once is not held back by one that waits', async (t) => {
    if (unavailable !== undefined || target === undefined) return t.skip(unavailable);
    const raw = await RawInitiator.login(port, IQN, {}, 0x80_0000_0001_02);
    try {
      const command = (itt: number, cdb: Uint8Array, read = 0): InitiatorPdu => ({
        kind: 'scsi-command', immediate: false, final: true, read: read > 0, write: false, taskAttribute: 1, lun: 0n, initiatorTaskTag: itt,
        expectedDataTransferLength: read, cmdSN: raw.cmdSN++, expStatSN: raw.expStatSN, cdb: Uint8Array.from({ length: 16 }, (_, i) => cdb[i] ?? 0), data: new Uint8Array(0),
      });
      const answers = async (count: number): Promise<TargetPdu[]> => {
        const got: TargetPdu[] = [];
        for (let i = 0; i < count; i++) got.push((await raw.next(5000)) as TargetPdu);
        return got;
      };
      // TEST UNIT READY (the session's power-on unit attention), INQUIRY, TEST UNIT READY: one write.
      raw.write(Buffer.concat([command(1, TUR), command(2, inquiry(36), 36), command(3, TUR)].map((pdu) => serializePdu(pdu))));
      const first = await answers(3);
      assert.deepEqual(first.map((pdu) => [pdu.kind, 'initiatorTaskTag' in pdu ? pdu.initiatorTaskTag : -1, 'status' in pdu ? pdu.status : -1]), [['scsi-response', 1, 2], ['data-in', 2, 0], ['scsi-response', 3, 0]]);
      const statSNs = first.map((pdu) => ('statSN' in pdu ? pdu.statSN : -1));
      assert.deepEqual(statSNs, [statSNs[0], statSNs[0]! + 1, statSNs[0]! + 2], 'consecutive StatSNs');
      // INITIALIZE ELEMENT STATUS waits for the inventory; the TEST UNIT READY behind it is answered at once (not ready: inventory).
      raw.write(Buffer.concat([command(4, Uint8Array.of(0x07, 0, 0, 0, 0, 0)), command(5, TUR)].map((pdu) => serializePdu(pdu))));
      const second = await answers(2);
      assert.deepEqual(second.map((pdu) => ('initiatorTaskTag' in pdu ? pdu.initiatorTaskTag : -1)), [5, 4]);
      const notReady = second[0] as Extract<TargetPdu, { kind: 'scsi-response' }>;
      assert.deepEqual(senseTriple(notReady.sense), [0x02, 0x04, 0x01]);
      assert.equal((second[1] as Extract<TargetPdu, { kind: 'scsi-response' }>).status, 0);
    } finally {
      raw.destroy();
    }
  });

  it('the class driver moves a cartridge slot → drive → slot through iSCSI', async (t) => {
    if (unavailable !== undefined) return t.skip(unavailable);
    let modules;
    try {
      const [{ Changer }, { SmcMiniclass }, { ElementType }, { ElementStatusFlags }] = await Promise.all([
        import('../../../src/driver/changer.ts'), import('../../../src/driver/smc/smcMiniclass.ts'),
        import('../../../src/driver/elementType.ts'), import('../../../src/driver/elementStatus.ts'),
      ]);
      modules = { Changer, SmcMiniclass, ElementType, ElementStatusFlags };
    } catch (e) {
      return t.skip(`the driver does not load yet: ${(e as Error).message}`);
    }
    const { Changer, SmcMiniclass, ElementType: T, ElementStatusFlags: F } = modules;
    changer = await Changer.open(url, { owner: 'iscsi integration test', deviceKey: `test:${url}`, connect: async (u) => new SmcMiniclass(await IscsiTransport.open(u)) });
    const parameters = await changer.getParameters();
    assert.equal(parameters.numberStorageElements, 24);
    const slot = { type: T.Slot, index: 0 };
    const drive = { type: T.Drive, index: 0 };
    const [before] = await changer.getElementStatus({ element: slot, count: 1, volumeTagInfo: true });
    assert.ok(before !== undefined && (before.flags & F.FULL) !== 0, 'slot 0 starts full');
    const barcode = before.primaryVolumeId;
    await changer.moveMedium({ transport: { type: T.Transport, index: 0 }, source: slot, destination: drive, flip: false });
    const [inDrive] = await changer.getElementStatus({ element: drive, count: 1, volumeTagInfo: true });
    assert.equal(inDrive?.primaryVolumeId, barcode);
    await changer.moveMedium({ transport: { type: T.Transport, index: 0 }, source: drive, destination: slot, flip: false });
    const [back] = await changer.getElementStatus({ element: slot, count: 1, volumeTagInfo: true });
    assert.equal(back?.primaryVolumeId, barcode);
    await changer.close();
    changer = undefined;
  });
});
