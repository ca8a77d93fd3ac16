/**
 * `virtual:<dir>?lun=n`: a drive of a library this process has open, reached in-process. It
 * never opens the state directory itself, closing it leaves the library running, and without an
 * open library (or past the last drive) it is NO_SUCH_DEVICE with a message saying what to do.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ChangerError } from '../../../src/shared/changerError.ts';
import { ScsiStatus, buildInquiryCdb, buildReportLunsCdb, buildTestUnitReadyCdb, parseReportLunsData } from '../../../src/scsi/index.ts';
import { embeddedLibrary } from '../../../src/transport/embeddedLibraries.ts';
import { openTransport } from '../../../src/transport/openTransport.ts';

async function withDir(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'changer-drive-url-'));
  try {
    await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function noSuchDevice(...fragments: string[]): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof ChangerError, String(e));
    assert.equal(e.code, 'NO_SUCH_DEVICE');
    for (const f of fragments) assert.ok(e.message.includes(f), `"${e.message}" should say "${f}"`);
    return true;
  };
}

describe('virtual:<dir>?lun=n', () => {
  it('reaches drive n−1 of the library open in this process; closing it leaves the library open', async () => {
    await withDir(async (dir) => {
      const changer = await openTransport(`virtual:${dir}?profile=library-24&clock=virtual`);
      try {
        const drive = await openTransport(`virtual:${dir}?lun=2`);
        const inquiry = await drive.execute({ cdb: buildInquiryCdb({ allocationLength: 36 }), dataInLength: 36 });
        assert.equal(inquiry.status, ScsiStatus.GOOD);
        assert.equal(inquiry.dataIn[0], 0x01, 'sequential access');
        const serial = await drive.execute({ cdb: buildInquiryCdb({ evpd: true, pageCode: 0x80, allocationLength: 64 }), dataInLength: 64 });
        assert.equal(Buffer.from(serial.dataIn.subarray(4)).toString('latin1'), '10WT000002');
        const luns = await drive.execute({ cdb: buildReportLunsCdb({ allocationLength: 64 }), dataInLength: 64 });
        assert.deepEqual(parseReportLunsData(luns.dataIn).luns, [0, 1, 2]);
        await drive.close();
        assert.ok(embeddedLibrary(`virtual:${dir}`) !== undefined, 'the library is still registered');
        assert.equal((await changer.execute({ cdb: buildInquiryCdb({ allocationLength: 36 }), dataInLength: 36 })).status, ScsiStatus.GOOD);
        await assert.rejects(openTransport(`virtual:${dir}?lun=3`), noSuchDevice('has 2 drives, at LUNs 1 to 2', 'no LUN 3'));
      } finally {
        await changer.close();
      }
    });
  });

  it('is NO_SUCH_DEVICE without an open library, and never creates or locks the directory', async () => {
    await withDir(async (dir) => {
      const libraryDir = join(dir, 'not-opened');
      await assert.rejects(openTransport(`virtual:${libraryDir}?lun=1`), noSuchDevice('open the library first'));
      assert.deepEqual(await readdir(dir), [], 'nothing was created');
    });
  });

  it('stops reaching the drive once the library is closed', async () => {
    await withDir(async (dir) => {
      const changer = await openTransport(`virtual:${dir}?profile=library-24&clock=virtual`);
      const drive = await openTransport(`virtual:${dir}?lun=1`);
      await changer.close();
      await assert.rejects(drive.execute({ cdb: buildTestUnitReadyCdb() }), noSuchDevice('its library was closed'));
      await drive.close();
      await assert.rejects(openTransport(`virtual:${dir}?lun=1`), noSuchDevice('open the library first'));
    });
  });
});
