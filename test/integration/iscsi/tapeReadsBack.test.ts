import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { VirtualClock, driveLun, loadProfile } from '../../../src/emulator/index.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { TUR } from './helpers.ts';
import { loadFirstDrive, serveLibrary, type ServedLibrary } from './servedLibrary.ts';

// Tape records read back over real iSCSI exactly as written, whichever way the target answers: a
// whole record lent from the drive's read-ahead (ScsiRequest.borrowDataIn), a record copied for an
// ILI answer, a drive that answers later (a data-rate limit on the library's clock), a session
// with HeaderDigest and DataDigest — records of every length (a Data-In segment needing padding,
// one of 256 KiB), a filemark between them answered NO SENSE 00/01.

const REWIND = Uint8Array.of(0x01, 0, 0, 0, 0, 0);
const WRITE_FILEMARK = Uint8Array.of(0x10, 0, 0, 0, 1, 0);
const variable = (opcode: number, length: number, sili = false): Uint8Array => Uint8Array.of(opcode, sili ? 2 : 0, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff, 0);

/** 64 KiB records as a backup writes them, and odd lengths whose Data-In needs padding. */
const LENGTHS = [65536, 65536, 1001, 65536, 3, 262_144, 65535, 4096, 65536, 77_777];

const IQN = 'iqn.2024-01.org.changer.test:tape-reads-back';

/** Writes the records, a filemark, more records; reads them all back through a session with `digests`. */
async function roundTrip(served: ServedLibrary, digests: boolean): Promise<void> {
  const records = LENGTHS.map((length) => randomBytes(length));
  const drive = await IscsiTransport.open(served.url(driveLun(0)), { headerDigest: digests, dataDigest: digests });
  try {
    for (let i = 0; i < 50 && (await drive.execute({ cdb: TUR })).status !== 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal((await drive.execute({ cdb: REWIND })).status, 0);
    for (const [k, record] of records.entries()) {
      assert.equal((await drive.execute({ cdb: variable(0x0a, record.length), dataOut: record })).status, 0);
      if (k === 4) assert.equal((await drive.execute({ cdb: WRITE_FILEMARK })).status, 0);
    }
    assert.equal((await drive.execute({ cdb: WRITE_FILEMARK })).status, 0);
    assert.equal((await drive.execute({ cdb: REWIND })).status, 0);
    for (const [k, record] of records.entries()) {
      const answer = await drive.execute({ cdb: variable(0x08, record.length), dataInLength: record.length });
      assert.equal(answer.status, 0, `READ ${k}`);
      assert.ok(Buffer.from(answer.dataIn).equals(record), `record ${k} (${record.length} bytes) read back identical`);
      if (k === 4) {
        const mark = await drive.execute({ cdb: variable(0x08, 65536, true), dataInLength: 65536 });
        assert.equal(mark.status, 2, 'the filemark answers CHECK CONDITION');
        assert.deepEqual([(mark.sense?.[2] ?? 0) & 0x8f, mark.sense?.[12], mark.sense?.[13]], [0x80, 0, 1], 'NO SENSE, FILEMARK, 00/01');
      }
    }
    // A READ asking more than the record: ILI, with the record's bytes.
    assert.equal((await drive.execute({ cdb: REWIND })).status, 0);
    const longer = await drive.execute({ cdb: variable(0x08, 70_000), dataInLength: 70_000 });
    assert.equal(longer.status, 2);
    assert.equal((longer.sense?.[2] ?? 0) & 0x20, 0x20, 'ILI');
    assert.ok(Buffer.from(longer.dataIn).equals(records[0] as Buffer), 'the shorter record read back identical');
  } finally {
    await drive.close();
  }
}

describe('tape reads over iSCSI, records of every length', () => {
  let served: ServedLibrary;
  before(async () => {
    served = await serveLibrary(IQN, 'library-24');
    await loadFirstDrive(served);
  });
  after(async () => served.close());

  it('records of every length, filemarks and ILI answers read back exactly as written', async () => {
    await roundTrip(served, false);
  });

  it('the same with HeaderDigest and DataDigest on', async () => {
    await roundTrip(served, true);
  });
});

describe('tape reads the drive answers later (a data rate)', () => {
  let served: ServedLibrary;
  before(async () => {
    const base = await loadProfile('library-24');
    served = await serveLibrary(IQN, { ...base, tapeMotion: { fullTapeTravelMs: 1000, dataRateMBps: 50 } }, new VirtualClock({ autoAdvance: true }));
    await loadFirstDrive(served);
  });
  after(async () => served.close());

  it('records of every length read back exactly as written', async () => {
    await roundTrip(served, false);
  });
});
