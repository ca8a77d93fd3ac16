import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Changer } from '../../../src/driver/changer.ts';
import type { VirtualLibrary } from '../../../src/emulator/index.ts';
import { IscsiTarget } from '../../../src/iscsi/target/index.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { TUR, inquiry, senseTriple } from './helpers.ts';

// The virtual library served over iSCSI and driven through the whole stack: class driver → SMC
// miniclass → IscsiTransport → TCP → IscsiTarget → SmcDevice. Modules are loaded in before(), so
// an emulator or driver that does not load yet skips these tests with the reason, instead of
// breaking the iSCSI suite.

const IQN = 'iqn.2024-01.org.changer.test:library-24';
let library: VirtualLibrary | undefined;
let target: IscsiTarget | undefined;
let url = '';
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
  url = `iscsi://127.0.0.1:${(await target.listen(0)).port}/${IQN}/0`;
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
