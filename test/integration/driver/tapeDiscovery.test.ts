/**
 * Finding a library's tape drives as devices of their own and pairing them with drive elements
 * by serial: on a virtual library open in this process, and over real iSCSI against `changer
 * emulate` (our initiator, TCP on 127.0.0.1), where the drives are then used through their URLs.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { emulateInProcess, type ListeningEvent } from '../../helpers/emulateInProcess.ts';
import { Changer } from '../../../src/driver/changer.ts';
import { isChangerError } from '../../../src/shared/changerError.ts';
import { ReservationType } from '../../../src/driver/persistentReservation.ts';
import { discoverTapeDrives, TapeDrive } from '../../../src/driver/tape/index.ts';
import { SmcMiniclass } from '../../../src/driver/smc/smcMiniclass.ts';
import { matchDriveDevices } from '../../../src/storage/driveMapping.ts';
import { ansiVolumeLabel, recognizeLabel } from '../../../src/storage/mediumLabel.ts';
import { ElementTypeCode, ScsiStatus, buildReadElementStatusCdb } from '../../../src/scsi/index.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { drive, firstRecord, openTapeStack, slot, type TapeStack } from './tapeStack.ts';

const IBM_HH8 = { vendorId: 'IBM', productId: 'ULTRIUM-HH8', revision: 'K4K1', deviceType: 1 };

async function driveSerials(changer: Changer): Promise<{ index: number; serialNumber: string | undefined }[]> {
  const drives = await changer.getElementStatus({ element: drive(0), count: changer.cachedParameters.numberDataTransferElements, volumeTagInfo: false });
  return drives.map((d) => ({ index: d.element.index, serialNumber: d.driveIdentity?.serialNumber }));
}

describe('discoverTapeDrives on a virtual library', () => {
  let stack: TapeStack;

  before(async () => {
    stack = await openTapeStack('library-24');
  });

  after(async () => {
    await stack?.close();
  });

  it('finds every drive at virtual:<dir>?lun=n with its identity, and serials pair them with the drive elements', async () => {
    const found = await discoverTapeDrives(stack.url);
    assert.deepEqual(found, [
      { url: `virtual:${stack.dir}?lun=1`, identity: { ...IBM_HH8, serialNumber: '10WT000001' } },
      { url: `virtual:${stack.dir}?lun=2`, identity: { ...IBM_HH8, serialNumber: '10WT000002' } },
    ]);
    assert.deepEqual([...matchDriveDevices(await driveSerials(stack.changer), found)], [
      [0, `virtual:${stack.dir}?lun=1`],
      [1, `virtual:${stack.dir}?lun=2`],
    ]);
  });

  it('a library that is not open in this process cannot be searched: NO_SUCH_DEVICE', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tape-closed-'));
    try {
      await assert.rejects(discoverTapeDrives(`virtual:${dir}?profile=library-24`), (e) => isChangerError(e, 'NO_SUCH_DEVICE') && e.message.includes('open the library first'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an rsm:// URL is not a changer to search', async () => {
    await assert.rejects(discoverTapeDrives('rsm://127.0.0.1:7800/lib'), (e) => isChangerError(e, 'INVALID_DEVICE_REQUEST'));
  });
});

/** What another initiator gets for READ ELEMENT STATUS on the changer. */
async function elementStatusFromAnotherHost(url: string): Promise<number> {
  const other = await IscsiTransport.open(url);
  try {
    const cdb = buildReadElementStatusCdb({ elementType: ElementTypeCode.ALL, startingElementAddress: 0, numberOfElements: 100, allocationLength: 4096 });
    let result = await other.execute({ cdb, dataInLength: 4096 });
    for (let i = 0; i < 3 && result.status === ScsiStatus.CHECK_CONDITION; i++) result = await other.execute({ cdb, dataInLength: 4096 });
    return result.status;
  } finally {
    await other.close();
  }
}

describe('discoverTapeDrives over iSCSI (changer emulate)', () => {
  let root = '';
  let stop: AbortController;
  let served: Promise<void>;
  let listening: ListeningEvent;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'tape-emulate-'));
    stop = new AbortController();
    const emulator = emulateInProcess(`${join(root, 'lib')}?profile=library-24&clock=virtual`, stop.signal);
    served = emulator.served;
    listening = await emulator.listening;
  });

  after(async () => {
    stop?.abort();
    await served?.catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  it('finds both drives at LUNs 1 and 2 of the library\'s target, with the serials the target announced', async () => {
    const library = listening.libraries[0]!;
    const found = await discoverTapeDrives(library.url);
    assert.deepEqual(found.map((f) => f.url), library.drives.map((d) => d.url));
    assert.deepEqual(found.map((f) => f.url), [1, 2].map((lun) => library.url.replace(/\/0$/, `/${lun}`)));
    assert.deepEqual(found.map((f) => f.identity), [
      { ...IBM_HH8, serialNumber: '10WT000001' },
      { ...IBM_HH8, serialNumber: '10WT000002' },
    ]);
  });

  it('pairs with the drive elements of a Changer that holds an exclusive-access reservation, and the drive is used over iSCSI: blank tape, label written, read back', async () => {
    const library = listening.libraries[0]!;
    const changer = await Changer.open(library.url, { owner: 'tape discovery test', deviceKey: `iscsi-test|${library.url}`, connect: async (u) => new SmcMiniclass(await IscsiTransport.open(u)) });
    let tape: TapeDrive | undefined;
    try {
      // Exclusive access: other initiators may not even read element status, but REPORT LUNS and INQUIRY still pass (SPC).
      await changer.persistentReserveOut({ action: 'register-ignore-existing', newKey: 0xc0ffeen });
      await changer.persistentReserveOut({ action: 'reserve', key: 0xc0ffeen, type: ReservationType.ExclusiveAccess });
      assert.equal(await elementStatusFromAnotherHost(library.url), ScsiStatus.RESERVATION_CONFLICT);
      const found = await discoverTapeDrives(library.url);
      const urls = matchDriveDevices(await driveSerials(changer), found);
      assert.deepEqual([...urls.keys()], [0, 1]);
      tape = await TapeDrive.open(urls.get(1)!);
      await changer.moveMedium({ transport: { type: 1, index: 0 }, source: slot(0), destination: drive(1), flip: false });
      await tape.waitReady({ timeoutMs: 600_000, pollMs: 20 });
      const first = await tape.readRecord();
      assert.deepEqual(first, { kind: 'end-of-data' });
      await tape.writeRecord(ansiVolumeLabel('A00001'));
      await tape.writeFilemarks(1);
      await tape.rewind();
      const head = await tape.readRecord(16);
      assert.deepEqual(head.kind === 'data' ? { text: Buffer.from(head.bytes).toString('latin1'), recordLength: head.recordLength } : head, { text: 'VOL1A00001      ', recordLength: 80 });
      assert.deepEqual(await tape.readRecord(), { kind: 'filemark' });
      await tape.rewind();
      const label = await tape.readRecord();
      assert.deepEqual(recognizeLabel(firstRecord(label)), { type: 'ansi', volumeId: 'A00001' });
      assert.deepEqual(await tape.tapeAlerts(), []);
      await tape.unload();
      await changer.moveMedium({ transport: { type: 1, index: 0 }, source: drive(1), destination: slot(0), flip: false });
      await changer.persistentReserveOut({ action: 'release', key: 0xc0ffeen, type: ReservationType.ExclusiveAccess });
    } finally {
      await tape?.close();
      await changer.close();
    }
  });

  it('the changer\'s own LUN is not a tape drive: NO_SUCH_DEVICE', async () => {
    const library = listening.libraries[0]!;
    await assert.rejects(TapeDrive.open(library.url), (e) => isChangerError(e, 'NO_SUCH_DEVICE') && e.message === `${library.url} is not a tape drive (peripheral device type 08h)`);
  });
});
