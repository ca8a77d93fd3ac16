/**
 * `changer emulate` serves each library's tape drives at LUNs 1…N beside the changer at LUN 0.
 * Over real iSCSI (our initiator), every drive answers INQUIRY as a sequential-access device whose
 * VPD 80h serial is exactly the serial the changer reports for that drive element (DVCID), which
 * is how software pairs drives with elements. libiscsi's iscsi-inq checks the same from outside.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { emulateInProcess, type ListeningEvent } from '../../helpers/emulateInProcess.ts';
import {
  DesignatorType,
  ElementTypeCode,
  ScsiStatus,
  buildInquiryCdb,
  buildReadElementStatusCdb,
  buildReportLunsCdb,
  buildTestUnitReadyCdb,
  parseElementStatusData,
  parseReportLunsData,
  parseUnitSerialNumberPage,
} from '../../../src/scsi/index.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';

let root = '';
let stop: AbortController;
let served: Promise<void>;
let listening: ListeningEvent;

/** Starts `changer emulate --json` in this process and resolves with its listening event. */
async function startEmulator(dir: string): Promise<ListeningEvent> {
  const emulator = emulateInProcess(`${dir}?profile=library-500&clock=virtual`, stop.signal);
  served = emulator.served;
  return emulator.listening;
}

function run(command: string, args: readonly string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 15_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : (error.code ?? -1), stdout, stderr });
    });
  });
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'changer-emulate-drives-'));
  stop = new AbortController();
  listening = await startEmulator(join(root, 'sl500'));
});

after(async () => {
  stop.abort();
  await served;
  await rm(root, { recursive: true, force: true });
});

describe('changer emulate: tape drives', () => {
  it('each drive LUN is a sequential-access device whose VPD 80h serial is the changer DVCID serial of that drive', async () => {
    const library = listening.libraries[0];
    assert.ok(library !== undefined);
    assert.deepEqual(library.drives.map((d) => d.lun), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

    const changer = await IscsiTransport.open(library.url);
    let dvcidSerials: string[];
    try {
      await changer.execute({ cdb: buildTestUnitReadyCdb() }); // the power-on unit attention
      const luns = await changer.execute({ cdb: buildReportLunsCdb({ allocationLength: 256 }), dataInLength: 256 });
      assert.deepEqual(parseReportLunsData(luns.dataIn).luns, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      const cdb = buildReadElementStatusCdb({
        elementType: ElementTypeCode.DATA_TRANSFER,
        startingElementAddress: 0,
        numberOfElements: 0xffff,
        volumeTag: false,
        deviceId: true,
        allocationLength: 0xffff,
      });
      const status = await changer.execute({ cdb, dataInLength: 0xffff });
      assert.equal(status.status, ScsiStatus.GOOD);
      const descriptors = parseElementStatusData(status.dataIn, { deviceId: true }).pages.flatMap((p) => p.descriptors);
      // A T10 vendor ID designator is vendor (8) + product (16) + serial; an ASCII serial designator is the serial alone.
      dvcidSerials = descriptors.map((d) => {
        const text = Buffer.from(d.identification?.identifier ?? []).toString('latin1');
        return d.identification?.designatorType === DesignatorType.T10_VENDOR_ID ? text.slice(24) : text;
      });
    } finally {
      await changer.close();
    }
    assert.equal(dvcidSerials.length, 12);

    for (const [k, drive] of library.drives.entries()) {
      const transport = await IscsiTransport.open(drive.url);
      try {
        const inquiry = await transport.execute({ cdb: buildInquiryCdb({ allocationLength: 36 }), dataInLength: 36 });
        assert.equal(inquiry.status, ScsiStatus.GOOD);
        assert.equal(inquiry.dataIn[0], 0x01, `LUN ${drive.lun} is a sequential-access device`);
        assert.equal((inquiry.dataIn[1] ?? 0) & 0x80, 0x80, 'removable');
        const vpd = await transport.execute({ cdb: buildInquiryCdb({ evpd: true, pageCode: 0x80, allocationLength: 0xff }), dataInLength: 0xff });
        const serial = parseUnitSerialNumberPage(vpd.dataIn).serialNumber;
        assert.equal(serial, dvcidSerials[k], `drive ${k}`);
        assert.equal(serial, drive.serial);
      } finally {
        await transport.close();
      }
    }
  });

  it('iscsi-inq (libiscsi) sees LUN 1 as a sequential-access device', async (t) => {
    const url = listening.libraries[0]?.drives[0]?.url ?? '';
    const inq = await run('iscsi-inq', [url]);
    if (inq.code === 'ENOENT') {
      t.skip('iscsi-inq is not installed (apt-get install libiscsi-bin)');
      return;
    }
    assert.equal(inq.code, 0, inq.stdout + inq.stderr);
    assert.match(inq.stdout, /^Peripheral Device Type:SEQUENTIAL_ACCESS$/m);
    assert.match(inq.stdout, /^Product:ULTRIUM-TD8 *$/m);
  });
});
